import { PLATFORM_PREFIXES, ROUTES, type RouteSpec } from './routeTable';

/** What a request is, decided once from the route table before any credential is looked at. */
export type RouteMatch =
  | { kind: 'route'; spec: RouteSpec; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'upstream' }
  | { kind: 'not_found' };

/** Matches pattern segments against path segments; params are URL-decoded. */
function matchSegments(want: readonly string[], got: readonly string[]): Record<string, string> | undefined {
  if (want.length !== got.length) return undefined;
  let params: Record<string, string> | undefined;
  for (let i = 0; i < want.length; i += 1) {
    const expected = want[i] ?? '';
    const actual = got[i] ?? '';
    if (expected.startsWith(':')) {
      if (actual.length === 0) return undefined;
      try {
        (params ??= {})[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params ?? {};
}

/** Matches a pattern like `/api/v1/users/:user_id` segment by segment; params are URL-decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  return matchSegments(pattern.split('/'), path.split('/'));
}

/** True when `path` equals `prefix` or continues it with a new segment (path-segment prefix). */
export function hasSegmentPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

function isPlatformPath(path: string): boolean {
  return PLATFORM_PREFIXES.some((prefix) => hasSegmentPrefix(path, prefix));
}

interface CompiledRoute {
  spec: RouteSpec;
  segments: string[];
  paramCount: number;
}

/** A table split into segments once, grouped by segment count, fewest parameters first. */
const compiledTables = new WeakMap<readonly RouteSpec[], Map<number, CompiledRoute[]>>();

function compiled(routes: readonly RouteSpec[]): Map<number, CompiledRoute[]> {
  let table = compiledTables.get(routes);
  if (table) return table;
  table = new Map();
  for (const spec of routes) {
    const segments = spec.path.split('/');
    const route = { spec, segments, paramCount: segments.filter((s) => s.startsWith(':')).length };
    table.set(segments.length, [...(table.get(segments.length) ?? []), route]);
  }
  for (const group of table.values()) group.sort((a, b) => a.paramCount - b.paramCount);
  compiledTables.set(routes, table);
  return table;
}

/**
 * Resolves a request against the table. A literal segment wins over a parameter (so
 * `/api-keys/rotate` is never taken for a key id). HEAD is answered like GET.
 */
export function resolveRoute(method: string, rawPath: string, upstreamConfigured: boolean, routes: readonly RouteSpec[] = ROUTES): RouteMatch {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const wanted = method === 'HEAD' ? 'GET' : method;
  const segments = path.split('/');
  // Only the matches with the fewest parameters compete (the group is sorted by that count).
  const best: Array<{ spec: RouteSpec; params: Record<string, string> }> = [];
  let fewest = Number.POSITIVE_INFINITY;
  for (const route of compiled(routes).get(segments.length) ?? []) {
    if (route.paramCount > fewest) break;
    const params = matchSegments(route.segments, segments);
    if (!params) continue;
    fewest = route.paramCount;
    best.push({ spec: route.spec, params });
  }
  if (best.length > 0) {
    const same = best.find((c) => c.spec.method === wanted);
    if (same) return { kind: 'route', spec: same.spec, params: same.params };
    const methods = new Set<string>(best.map((c) => c.spec.method));
    // HEAD is answered wherever GET is, so it is allowed there too.
    if (methods.has('GET')) methods.add('HEAD');
    return { kind: 'method_not_allowed', allowed: [...methods] };
  }
  if (isPlatformPath(path)) return { kind: 'not_found' };
  return upstreamConfigured ? { kind: 'upstream' } : { kind: 'not_found' };
}
