import { z } from '@qilbee/config';
import { AUDIT_RESULTS, QUERYABLE_EVENT_TYPES } from '@qilbee/contracts';
import type { AuditPort } from '../../../app/ports';
import { auditEventJson } from '../representations';
import { queryParams, validate } from '../validation';
import type { Handlers } from './types';


const instant = z.string().max(64).refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), 'must be an RFC 3339 timestamp');
const filter = z.string().min(1).max(256);

const QueryParams = z
  .object({
    event_type: filter.refine((v) => QUERYABLE_EVENT_TYPES.has(v), 'unknown event type').optional(),
    user_id: filter.optional(),
    username: filter.optional(),
    action: filter.optional(),
    result: z.enum(AUDIT_RESULTS).optional(),
    ip_address: filter.optional(),
    start_time: instant.optional(),
    end_time: instant.optional(),
    limit: z.coerce.number().int().min(1).optional(),
    cursor: z.string().max(1024).optional(),
  })
  .strict();

/** `full=true` walks the whole chain; by default Verify resumes from audit's last signed receipt. */
const VerifyParams = z.object({ from: instant.optional(), to: instant.optional(), full: z.enum(['true', 'false']).optional() }).strict();

export function auditRoutes(audit: AuditPort): Handlers {
  return {
    'audit.query': async (req, res) => {
      const q = validate(QueryParams, queryParams(req.query), 'query');
      const limit = Math.min(q.limit ?? 100, 1000);
      const response = await audit.query({
        eventType: q.event_type ?? '',
        userId: q.user_id ?? '',
        username: q.username ?? '',
        action: q.action ?? '',
        result: q.result ?? '',
        ipAddress: q.ip_address ?? '',
        startTime: q.start_time ?? '',
        endTime: q.end_time ?? '',
        limit,
        cursor: q.cursor ?? '',
      });
      const events = response.events.map(auditEventJson);
      res.json({ events, count: events.length, limit: response.limit || limit, next_cursor: response.nextCursor || null });
    },

    'audit.verify': async (req, res) => {
      const q = validate(VerifyParams, queryParams(req.query), 'query');
      const response = await audit.verify({ from: q.from ?? '', to: q.to ?? '', full: q.full === 'true' });
      const broken = response.firstBroken;
      res.json({
        ok: response.ok,
        checked: response.checked,
        first_broken: broken ? { event_id: broken.eventId, sequence: broken.sequence, reason: broken.reason } : null,
        from: response.from || null,
        to: response.to || null,
      });
    },
  };
}
