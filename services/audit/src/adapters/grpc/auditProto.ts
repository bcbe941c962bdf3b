import { auditV1 } from '@qilbee/contracts';
import type { AuditRecord } from '../../domain/auditRecord';
import type { Checkpoint } from '../../domain/checkpoint';

/** A stored record as the proto AuditEvent (metadata as a JSON string). */
export function toProtoEvent(record: AuditRecord): auditV1.AuditEvent {
  return {
    eventId: record.event_id,
    eventType: record.event_type,
    timestamp: record.timestamp,
    userId: record.user_id ?? undefined,
    username: record.username ?? undefined,
    action: record.action,
    resource: record.resource ?? undefined,
    result: record.result,
    ipAddress: record.ip_address ?? undefined,
    userAgent: record.user_agent ?? undefined,
    metadataJson: JSON.stringify(record.metadata ?? {}),
    transactionTime: record.transaction_time,
    sequence: record.sequence,
    hash: record.hash,
  };
}

export function toProtoCheckpoint(checkpoint: Checkpoint): auditV1.Checkpoint {
  return {
    sequence: checkpoint.sequence,
    hash: checkpoint.hash,
    eventId: checkpoint.event_id,
    signedAt: checkpoint.signed_at,
    keyId: checkpoint.key_id,
    signature: checkpoint.signature,
  };
}

/** Empty proto3 strings mean "not given". */
export function optional(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
