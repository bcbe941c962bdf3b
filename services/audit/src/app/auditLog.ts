import type { Clock } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import type { AuditQueryInput } from '../domain/auditQuery';
import type { Checkpoint } from '../domain/checkpoint';
import type { SigningKey, TrustedKeys } from '../domain/signature';
import { applyRetention, type RetentionActor, type RetentionResult } from './applyRetention';
import type { ChainWriter } from './chainWriter';
import { exportNdjson } from './exportRecords';
import type { AnchorStore, ArchiveWriter, AuditRecordStore, CheckpointStore, ReceiptStore } from './ports';
import { auditStats, queryAuditLog, type AuditPage, type AuditStats } from './queryAuditLog';
import { verifyChain, type VerifyInput, type VerifyReport } from './verifyChain';

export interface AuditLogDeps {
  records: AuditRecordStore;
  checkpoints: CheckpointStore;
  anchors: AnchorStore;
  receipts: ReceiptStore;
  archive: ArchiveWriter;
  writer: ChainWriter;
  signingKey: SigningKey;
  trustedKeys: TrustedKeys;
  clock: Clock;
  retentionDays: number;
  logger?: Logger;
}

export interface PublicSigningKey {
  algorithm: 'Ed25519';
  keyId: string;
  publicKeyPem: string;
  latestCheckpoint: Checkpoint | undefined;
}

/** The audit service's use cases, as the gRPC adapter (and tests) call them. */
export interface AuditLog {
  query(input: AuditQueryInput): Promise<AuditPage>;
  verify(input: VerifyInput): Promise<VerifyReport>;
  stats(input: { start_time?: string; end_time?: string }): Promise<AuditStats>;
  exportNdjson(input: { start_time?: string; end_time?: string }): AsyncIterable<string>;
  applyRetention(olderThanDays?: number, actor?: RetentionActor): Promise<RetentionResult>;
  publicSigningKey(): Promise<PublicSigningKey>;
}

export function createAuditLog(deps: AuditLogDeps): AuditLog {
  return {
    query: (input) => queryAuditLog(deps.records, input),
    verify: (input) => verifyChain(deps, input),
    stats: (input) => auditStats(deps.records, input),
    exportNdjson: (input) => exportNdjson(deps.records, input),
    applyRetention: (olderThanDays, actor) => applyRetention({ ...deps, defaultRetentionDays: deps.retentionDays }, olderThanDays, actor),
    publicSigningKey: async () => ({
      algorithm: 'Ed25519',
      keyId: deps.signingKey.keyId,
      publicKeyPem: deps.signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      latestCheckpoint: await deps.checkpoints.latest(),
    }),
  };
}
