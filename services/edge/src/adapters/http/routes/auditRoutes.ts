import { z } from '@qilbee/config';
import { AUDIT_RESULTS, QUERYABLE_EVENT_TYPES } from '@qilbee/contracts';
import type { AuditPort } from '../../../app/ports';
import { auditEventJson } from '../representations';
import { queryParams, validate } from '../validation';
import type { Handlers } from './types';


/** RFC 3339 date-time (UTC `Z` or an offset): a pattern, so /openapi.json can state it exactly. */
const instant = z
  .string()
  .max(64)
  .regex(/^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$/, 'must be an RFC 3339 timestamp');
const filter = z.string().min(1).max(256);

export const QueryParams = z
  .object({
    event_type: z.enum([...QUERYABLE_EVENT_TYPES] as [string, ...string[]], { errorMap: () => ({ message: 'unknown event type' }) }).optional(),
    user_id: filter.optional(),
    username: filter.optional(),
    action: filter.optional(),
    result: z.enum(AUDIT_RESULTS).optional(),
    ip_address: filter.optional(),
    start_time: instant.optional(),
    end_time: instant.optional(),
    limit: z.coerce.number().int().min(1).describe('Default 100; values above 1000 are capped at 1000.').optional(),
    cursor: z.string().max(1024).optional(),
  })
  .strict();

/** `full=true` walks the whole chain; by default Verify resumes from audit's last signed receipt. */
export const VerifyParams = z.object({ from: instant.optional(), to: instant.optional(), full: z.enum(['true', 'false']).describe('true: walk the whole chain; default: resume from the last signed verification receipt.').optional() }).strict();

/** A validated instant as the audit service reads it: canonical UTC (any RFC 3339 spelling accepted). */
function canonical(instantText: string | undefined): string {
  return instantText === undefined ? '' : new Date(Date.parse(instantText)).toISOString();
}

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
        startTime: canonical(q.start_time),
        endTime: canonical(q.end_time),
        limit,
        cursor: q.cursor ?? '',
      });
      const events = response.events.map(auditEventJson);
      res.json({ events, count: events.length, limit: response.limit || limit, next_cursor: response.nextCursor || null });
    },

    'audit.verify': async (req, res) => {
      const q = validate(VerifyParams, queryParams(req.query), 'query');
      const response = await audit.verify({ from: canonical(q.from), to: canonical(q.to), full: q.full === 'true' });
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
