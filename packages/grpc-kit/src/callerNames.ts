import { status, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';

/** The names a client certificate goes by: its subject CN and its DNS subject alternative names. */
export function certificateNames(certificate: PeerCertificate | undefined): string[] {
  if (!certificate) return [];
  const names: string[] = [];
  const cn = certificate.subject?.CN;
  if (typeof cn === 'string' && cn.length > 0) names.push(cn);
  for (const entry of (certificate.subjectaltname ?? '').split(',')) {
    const [kind, value] = entry.trim().split(':');
    if (kind === 'DNS' && value) names.push(value);
  }
  return names;
}

interface CallWithAuth {
  getAuthContext?(): { sslPeerCertificate?: PeerCertificate } | null;
  emit(event: 'error', error: unknown): boolean;
}

type Handler = (call: CallWithAuth, callback?: (error: unknown) => void) => void;

/**
 * Wraps every method of a service so that only the named clients are answered: the peer's
 * certificate (mutual TLS has verified it against the CA) must go by one of `allowed`. Anyone
 * else gets PERMISSION_DENIED before the handler runs. This is what lets a service take the
 * RequestContext's actor on trust: only the callers allowed to act for users can send one.
 */
export function onlyFromClients(definition: ServiceDefinition, implementation: UntypedServiceImplementation, allowed: readonly string[]): UntypedServiceImplementation {
  const names = new Set(allowed);
  const guarded: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(implementation as Record<string, Handler>)) {
    const streamsResponses = definition[method]?.responseStream === true;
    guarded[method] = (call: CallWithAuth, callback?: (error: unknown) => void) => {
      const presented = certificateNames(call.getAuthContext?.()?.sslPeerCertificate);
      if (presented.some((name) => names.has(name))) return handler(call, callback);
      const refusal = { code: status.PERMISSION_DENIED, details: 'This client certificate is not allowed to call this service' };
      if (streamsResponses || !callback) call.emit('error', refusal);
      else callback(refusal);
    };
  }
  return guarded as UntypedServiceImplementation;
}
