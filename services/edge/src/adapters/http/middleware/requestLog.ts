import type { Step } from '../pipeline';
import type { Logger } from '@qilbee/logger';
import type { Metrics } from '../../../app/metrics';
import { state } from '../requestState';

/** One wide log event and the request metrics per request; never headers or bodies. */
export function requestLog(logger: Logger, metrics: Metrics): Step {
  // Every field below is an id, a number or a route id (never a header, body or raw path), so
  // this line skips the redaction pass, which otherwise cost more than the rest of the line.
  const accessLog = logger.child({}, { redact: { paths: [], censor: '[REDACTED]' } });
  return (req, res, next) => {
    res.once('finish', () => {
      const s = state(res);
      if (!s) return;
      const route = s.route.kind === 'route' ? s.route.spec.id : s.route.kind;
      const durationMs = performance.now() - s.startedMs;
      const statusClass = `${Math.floor(res.statusCode / 100)}xx`;
      metrics.inc('edge_http_requests_total', 'HTTP requests answered, by route and status.', { route, method: req.method ?? '', status: String(res.statusCode) });
      metrics.observeRequest({ route, status: statusClass }, durationMs / 1000);
      const fields = {
        request_id: s.requestId,
        method: req.method,
        route,
        status: res.statusCode,
        duration_ms: Math.round(durationMs * 100) / 100,
        client_ip: s.clientIp,
        user_id: s.principal?.userId,
        api_key_id: s.principal?.apiKeyId,
        denial: s.denial?.reason,
        rate_source: s.rate?.source,
      };
      if (res.statusCode >= 500) accessLog.warn(fields, 'request');
      else accessLog.info(fields, 'request');
    });
    next();
  };
}
