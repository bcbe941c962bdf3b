import { hasSegmentPrefix } from './routeMatch';

/** The built-in policy types of the rate-limit service (Custom policies match by path there). */
export type EndpointType = 'Login' | 'ApiKeyCreation' | 'UserManagement' | 'GeneralApi';

/**
 * Which policy type limits a request. QilbeeDB counts every /api-keys call as key creation; we
 * count only the calls that mint a key (create, rotate), so listing your keys is not capped at
 * 10/hour. The path always travels with the descriptor so Custom policies can match it.
 */
export function endpointTypeFor(routeId: string | undefined, path: string): EndpointType {
  if (routeId === 'auth.login') return 'Login';
  if (routeId === 'apiKeys.create' || routeId === 'apiKeys.rotate') return 'ApiKeyCreation';
  if (hasSegmentPrefix(path, '/api/v1/users')) return 'UserManagement';
  return 'GeneralApi';
}

export interface SubjectSource {
  clientIp: string;
  userId?: string | undefined;
  apiKeyId?: string | undefined;
}

/**
 * Who a bucket belongs to: the API key, else the user, else the client IP. Login is always per IP
 * (the caller is not known yet, and a per-username bucket would let anyone lock a user out).
 */
export function rateLimitSubject(endpointType: EndpointType, source: SubjectSource): string {
  if (endpointType === 'Login') return `ip:${source.clientIp}`;
  if (source.apiKeyId) return `key:${source.apiKeyId}`;
  if (source.userId) return `user:${source.userId}`;
  return `ip:${source.clientIp}`;
}
