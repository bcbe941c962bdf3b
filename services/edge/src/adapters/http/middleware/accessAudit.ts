import type { Step } from '../pipeline';
import type { AccessEvents } from '../../../app/accessEvents';
import { state } from '../requestState';

/**
 * Audit of denials: when the edge itself answered 401/403/429 or refused plain HTTP (sendProblem
 * marked the request), one event goes to security.access.v1 after the response is written.
 * Installed first so it also sees rejections made early in the pipeline.
 */
export function accessAudit(events: AccessEvents): Step {
  return (req, res, next) => {
    res.once('finish', () => {
      const s = state(res);
      if (!s?.denial) return;
      const principal = s.principal;
      events.record({
        type: s.denial.type,
        subject: principal?.userId ?? s.clientIp,
        userId: principal?.userId ?? null,
        username: principal?.username ?? null,
        ipAddress: s.clientIp,
        userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 512) : null,
        action: `${req.method} ${s.path}`,
        resource: s.path,
        metadata: {
          reason: s.denial.reason,
          status: res.statusCode,
          request_id: s.requestId,
          route: s.route.kind === 'route' ? s.route.spec.id : s.route.kind,
          ...(principal?.apiKeyId ? { api_key_id: principal.apiKeyId } : {}),
          ...(s.rate && !s.rate.allowed ? { limit: s.rate.limit, policy: s.rate.policyName, endpoint: s.path } : {}),
        },
      });
    });
    next();
  };
}
