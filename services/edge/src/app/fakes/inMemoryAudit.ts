import type { AuditFields, auditV1 } from '@qilbee/contracts';
import type { AccessEventPort, AuditPort } from '../ports';

/** The in-memory twin of audit, fed by the access events the edge publishes. */
export class InMemoryAudit implements AuditPort, AccessEventPort {
  readonly published: Array<{ subject: string; fields: AuditFields }> = [];

  async publish(subject: string, fields: AuditFields): Promise<void> {
    this.published.push({ subject, fields });
  }

  async query(r: auditV1.QueryRequest): Promise<auditV1.QueryResponse> {
    const events = this.published
      .map(({ fields }, i): auditV1.AuditEvent => ({
        eventId: fields.event_id, eventType: fields.event_type, timestamp: fields.timestamp, userId: fields.user_id ?? undefined,
        username: fields.username ?? undefined, action: fields.action, resource: fields.resource ?? undefined, result: fields.result,
        ipAddress: fields.ip_address ?? undefined, userAgent: fields.user_agent ?? undefined, metadataJson: JSON.stringify(fields.metadata),
        transactionTime: fields.timestamp, sequence: i + 1, hash: 'h',
      }))
      .filter((e) => (!r.eventType || e.eventType === r.eventType) && (!r.result || e.result === r.result))
      .reverse()
      .slice(0, r.limit);
    return { events, limit: r.limit, nextCursor: '' };
  }

  verifyRequests: auditV1.VerifyRequest[] = [];

  async verify(r: auditV1.VerifyRequest): Promise<auditV1.VerifyResponse> {
    this.verifyRequests.push(r);
    return { ok: true, checked: this.published.length, from: r.from, to: r.to, checkpointsChecked: 0 };
  }
}
