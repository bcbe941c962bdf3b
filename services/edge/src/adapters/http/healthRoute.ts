import { Router } from 'express';

export interface HealthInfo {
  version: string;
  startedAtMs: number;
}

/** `GET /health`: liveness, no auth and no rate limit (api-contract.md section 3, Operations). */
export function healthRoute(info: HealthInfo): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'healthy', version: info.version, uptime_seconds: Math.floor((Date.now() - info.startedAtMs) / 1000) });
  });
  return router;
}
