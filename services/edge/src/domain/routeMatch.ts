import { PLATFORM_PREFIXES, ROUTES, type RouteSpec } from './routeTable';

/** What a request is, decided once from the route table before any credential is looked at. */
export type RouteMatch =
  | { kind: 'route'; spec: RouteSpec; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'upstream' }
  | { kind: 'not_found' };

/** Matches a pattern like `/api/v1/users/:user_id` segment by segment; params are URL-decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const expected = want[i] ?? '';
    const actual = got[i] ?? '';
    if (expected.startsWith(':')) {
      if (actual.length === 0) return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/** True when `path` equals `prefix` or continues it with a new segment (path-segment prefix). */
export function hasSegmentPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

function isPlatformPath(path: string): boolean {
  return PLATFORM_PREFIXES.some((prefix) => hasSegmentPrefix(path, prefix));
}

/**
 * Resolves a request against the table. A literal segment wins over a parameter (so
 * `/api-keys/rotate` is never taken for a key id). HEAD is answered like GET.
 */
export function resolveRoute(method: string, rawPath: string, upstreamConfigured: boolean, routes: readonly RouteSpec[] = ROUTES): RouteMatch {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const wanted = method === 'HEAD' ? 'GET' : method;
  const candidates = routes
    .map((spec) => ({ spec, params: matchPath(spec.path, path) }))
    .filter((c): c is { spec: RouteSpec; params: Record<string, string> } => c.params !== undefined)
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  if (candidates.length > 0) {
    const fewest = Object.keys(candidates[0]?.params ?? {}).length;
    const best = candidates.filter((c) => Object.keys(c.params).length === fewest);
    const same = best.find((c) => c.spec.method === wanted);
    if (same) return { kind: 'route', spec: same.spec, params: same.params };
    return { kind: 'method_not_allowed', allowed: [...new Set(best.map((c) => c.spec.method))] };
  }
  if (isPlatformPath(path)) return { kind: 'not_found' };
  return upstreamConfigured ? { kind: 'upstream' } : { kind: 'not_found' };
}
