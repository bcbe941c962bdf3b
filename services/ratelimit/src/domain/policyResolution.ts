import { normalizePath, type EndpointType, type PolicyRecord } from './policy';

/** A policy as the checker sees it: the record plus its stream version (revision). */
export interface LoadedPolicy extends PolicyRecord {
  revision: number;
}

/**
 * Finds the policy for a descriptor, precomputed for speed:
 * 1. an enabled Custom policy whose path is a path-segment prefix of the descriptor path
 *    (longest prefix wins; ties: the most recently created);
 * 2. else the most recently created enabled policy of the descriptor's endpoint type
 *    (QilbeeDB semantics);
 * 3. else the most recently created enabled GeneralApi policy;
 * 4. else none: the descriptor is unlimited.
 */
export class PolicyIndex {
  private readonly byPath = new Map<string, LoadedPolicy>();
  private readonly byType = new Map<EndpointType, LoadedPolicy>();

  constructor(readonly policies: LoadedPolicy[]) {
    const newestFirst = [...policies].filter((p) => p.enabled).sort(byNewest);
    for (const policy of newestFirst) {
      if (policy.endpointType === 'Custom') {
        if (!this.byPath.has(policy.customPath)) this.byPath.set(policy.customPath, policy);
      } else if (!this.byType.has(policy.endpointType)) {
        this.byType.set(policy.endpointType, policy);
      }
    }
  }

  resolve(endpointType: string, path: string): LoadedPolicy | undefined {
    return this.byCustomPath(path) ?? this.byType.get(endpointType as EndpointType) ?? this.byType.get('GeneralApi');
  }

  private byCustomPath(path: string): LoadedPolicy | undefined {
    if (this.byPath.size === 0 || !path.startsWith('/')) return undefined;
    // Walk the path's segment prefixes from the longest: /a/b/c, /a/b, /a, /.
    let candidate = normalizePath(stripQuery(path));
    for (;;) {
      const policy = this.byPath.get(candidate);
      if (policy) return policy;
      if (candidate === '/') return undefined;
      const cut = candidate.lastIndexOf('/');
      candidate = cut <= 0 ? '/' : candidate.slice(0, cut);
    }
  }
}

function stripQuery(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

/** Most recently created first; ids are UUIDv7, so they order creations in the same millisecond. */
function byNewest(a: LoadedPolicy, b: LoadedPolicy): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
