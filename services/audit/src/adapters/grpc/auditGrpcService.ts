import type { ServerWritableStream } from '@grpc/grpc-js';
import { auditV1 } from '@qilbee/contracts';
import { implement, toGrpcError, type ServiceRegistration } from '@qilbee/grpc-kit';
import { isDomainError } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import type { AuditLog } from '../../app/auditLog';
import { optional, toProtoCheckpoint, toProtoEvent } from './auditProto';

type UnaryAuditMethods = Pick<auditV1.AuditServiceServer, 'query' | 'verify' | 'stats' | 'applyRetention' | 'getSigningKey'>;

/** Translates gRPC to the audit use cases; decides nothing. */
export function auditGrpcService(audit: AuditLog, logger: Logger): ServiceRegistration {
  const unary = implement<UnaryAuditMethods>('AuditService', logger, {
    query: async (request) => {
      const page = await audit.query({
        event_type: request.eventType,
        user_id: request.userId,
        username: request.username,
        action: request.action,
        result: request.result,
        ip_address: request.ipAddress,
        start_time: request.startTime,
        end_time: request.endTime,
        limit: request.limit,
        cursor: request.cursor,
      });
      return { events: page.events.map(toProtoEvent), limit: page.limit, nextCursor: page.next_cursor };
    },
    verify: async (request) => {
      const report = await audit.verify({ from: request.from, to: request.to, full: request.full });
      const broken = report.first_broken;
      return {
        ok: report.ok,
        checked: report.checked,
        firstBroken: broken ? { eventId: broken.event_id, sequence: broken.sequence, reason: broken.reason } : undefined,
        from: report.from,
        to: report.to,
        checkpointsChecked: report.checkpoints_checked,
        mode: report.mode,
        resumedAtSequence: report.resumed_at_sequence,
      };
    },
    stats: async (request) => {
      const stats = await audit.stats({ start_time: request.startTime, end_time: request.endTime });
      return { buckets: stats.buckets.map((b) => ({ eventType: b.event_type, result: b.result, count: b.count })), total: stats.total };
    },
    applyRetention: async (request) => {
      const context = request.context;
      const result = await audit.applyRetention(request.olderThanDays, {
        user_id: optional(context?.actorUserId),
        username: optional(context?.actorUsername),
        ip_address: optional(context?.ipAddress),
        user_agent: optional(context?.userAgent),
      });
      return { archived: result.archived, archiveFile: result.archive_file, anchorSequence: result.anchor_sequence, anchorHash: result.anchor_hash };
    },
    getSigningKey: async () => {
      const key = await audit.publicSigningKey();
      return {
        algorithm: key.algorithm,
        keyId: key.keyId,
        publicKeyPem: key.publicKeyPem,
        latestCheckpoint: key.latestCheckpoint ? toProtoCheckpoint(key.latestCheckpoint) : undefined,
      };
    },
  });
  const implementation: auditV1.AuditServiceServer = { ...unary, export: exportHandler(audit, logger) };
  return { name: 'qilbee.audit.v1.AuditService', definition: auditV1.AuditServiceService, implementation };
}

/** Server streaming, written by hand: NDJSON batches with back-pressure, errors mapped once. */
function exportHandler(audit: AuditLog, logger: Logger) {
  return (call: ServerWritableStream<auditV1.ExportRequest, auditV1.ExportResponse>): void => {
    const started = performance.now();
    const operation = 'AuditService.export';
    const stream = async () => {
      for await (const ndjson of audit.exportNdjson({ start_time: call.request.startTime, end_time: call.request.endTime })) {
        if (call.cancelled) return;
        if (!call.write({ ndjson: Buffer.from(ndjson, 'utf8') })) await new Promise((resolve) => call.once('drain', resolve));
      }
    };
    stream().then(
      () => {
        logger.debug({ operation, outcome: 'ok', durationMs: performance.now() - started });
        call.end();
      },
      (error: unknown) => {
        if (isDomainError(error)) logger.info({ operation, outcome: error.code, reason: error.reason }, 'rejected');
        else logger.error({ operation, outcome: 'internal', err: error }, 'failed');
        call.emit('error', toGrpcError(error));
      },
    );
  };
}
