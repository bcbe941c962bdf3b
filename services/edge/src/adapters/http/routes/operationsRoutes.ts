import type { Metrics } from '../../../app/metrics';
import type { DependencyProbe } from '../../../app/ports';
import type { RateLimiter } from '../../../app/rateLimiter';
import type { TokenVerifier } from '../../../app/tokenVerifier';
import type { Handlers } from './types';

export interface OperationsDeps {
  version: string;
  startedAtMs: number;
  nowMs: () => number;
  probes: DependencyProbe[];
  tokens: TokenVerifier;
  limiter: RateLimiter;
  metrics: Metrics;
  openapi: () => object;
}

async function probe(p: DependencyProbe): Promise<[string, boolean]> {
  try {
    return [p.name, await p.check()];
  } catch {
    return [p.name, false];
  }
}

/**
 * /ready says whether this edge can serve: it can as long as it holds signing keys (JWTs verify
 * locally). A dependency being down makes it `degraded`, not unready, because the edge keeps
 * answering around it (local rate-limit buckets, cached API keys); the checks say which.
 */
export function operationsRoutes(deps: OperationsDeps): Handlers {
  return {
    'ops.health': (_req, res) => {
      res.json({ status: 'healthy', version: deps.version, uptime_seconds: Math.floor((deps.nowMs() - deps.startedAtMs) / 1000) });
    },

    'ops.ready': async (_req, res) => {
      const results = Object.fromEntries(await Promise.all(deps.probes.map(probe)));
      const checks: Record<string, string> = {};
      for (const [name, up] of Object.entries(results)) checks[name] = up ? 'up' : 'down';
      if (deps.limiter.usingFallback) checks.ratelimit = `${checks.ratelimit ?? 'down'} (local buckets in use)`;
      checks.signing_keys = deps.tokens.ready ? 'loaded' : 'missing';
      const allUp = Object.values(results).every(Boolean) && !deps.limiter.usingFallback;
      const status = !deps.tokens.ready ? 'not_ready' : allUp ? 'ready' : 'degraded';
      res.status(status === 'not_ready' ? 503 : 200).json({ status, checks });
    },

    'ops.metrics': (_req, res) => {
      res.type('text/plain; version=0.0.4').send(deps.metrics.render());
    },

    'ops.openapi': (_req, res) => {
      res.json(deps.openapi());
    },
  };
}
