import type { AuditFields } from '@qilbee/contracts';
import { DomainError, toRfc3339, uuidv7, type Clock } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import { GENESIS_LINK, type AuditRecord, type ChainLink } from '../domain/auditRecord';
import { ChainVerifier } from '../domain/chainVerifier';
import { signAnchor, type RetentionAnchor } from '../domain/retentionAnchor';
import type { SigningKey } from '../domain/signature';
import type { ChainWriter } from './chainWriter';
import type { AnchorStore, ArchiveWriter, AuditRecordStore } from './ports';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionDeps {
  writer: ChainWriter;
  records: AuditRecordStore;
  anchors: AnchorStore;
  archive: ArchiveWriter;
  signingKey: SigningKey;
  clock: Clock;
  defaultRetentionDays: number;
  logger?: Logger;
}

/** Who asked for the removal: the actor of the audit_retention_applied event. */
export interface RetentionActor {
  user_id: string | null;
  username: string | null;
  ip_address: string | null;
  user_agent: string | null;
}

export interface RetentionResult {
  archived: number;
  archive_file: string;
  anchor_sequence: number;
  anchor_hash: string;
}

const SYSTEM_ACTOR: RetentionActor = { user_id: null, username: 'audit-retention', ip_address: null, user_agent: null };

/**
 * Removes the oldest part of the chain: every record stored (transaction_time) before the cutoff,
 * always a prefix so the rest still links. In this order, so a crash anywhere is safe: archive the
 * segment (verified while written) -> save a signed anchor (last removed sequence and hash) ->
 * record an audit_retention_applied event in the chain -> delete. A rerun first finishes a
 * deletion an earlier run did not complete. Verify then starts from the anchor.
 */
export function applyRetention(deps: RetentionDeps, olderThanDays = 0, actor: RetentionActor = SYSTEM_ACTOR): Promise<RetentionResult> {
  const days = olderThanDays > 0 ? olderThanDays : deps.defaultRetentionDays;
  return deps.writer.exclusive(async (append) => {
    const previous = await deps.anchors.latest();
    if (previous) await deps.records.deleteThrough(previous.sequence);
    const cutoff = toRfc3339(deps.clock.nowMs() - days * DAY_MS);
    const through = await deps.records.lastSequenceStoredBefore(cutoff);
    const start: ChainLink = previous ? { sequence: previous.sequence, hash: previous.hash } : GENESIS_LINK;
    if (through === undefined || through <= start.sequence) {
      return { archived: 0, archive_file: '', anchor_sequence: start.sequence, anchor_hash: previous?.hash ?? '' };
    }
    const anchor = await archiveSegment(deps, start, through);
    await append([retentionEvent(deps, anchor, start.sequence + 1, cutoff, days, actor)]);
    const removed = await deps.records.deleteThrough(through);
    deps.logger?.info({ operation: 'audit.retention', archived: anchor.archived, removed, through, archiveFile: anchor.archive_file }, 'retention applied');
    return { archived: anchor.archived, archive_file: anchor.archive_file, anchor_sequence: anchor.sequence, anchor_hash: anchor.hash };
  });
}

async function archiveSegment(deps: RetentionDeps, start: ChainLink, through: number): Promise<RetentionAnchor> {
  const verifier = new ChainVerifier(start, new Map(), new Map());
  let last: AuditRecord | undefined;
  // Records are checked as they are archived: a broken segment is evidence and is never deleted.
  const verified = async function* (source: AsyncIterable<AuditRecord>) {
    for await (const record of source) {
      const broken = verifier.accept(record);
      if (broken) throw new DomainError('failed_precondition', `chain broken at sequence ${broken.sequence}: ${broken.reason}`, 'chain_broken');
      last = record;
      yield record;
    }
  };
  const name = `audit-${String(start.sequence + 1).padStart(12, '0')}-${String(through).padStart(12, '0')}.ndjson.gz`;
  const archive = await deps.archive.write(name, verified(deps.records.walk(start.sequence + 1, through)));
  if (!last || last.sequence !== through) throw new DomainError('failed_precondition', `chain broken before sequence ${through}: sequence_gap`, 'chain_broken');
  const anchor = signAnchor(deps.signingKey, {
    last,
    archiveFile: archive.file,
    archiveSha256: archive.sha256,
    archived: archive.count,
    createdAt: toRfc3339(deps.clock.nowMs()),
  });
  await deps.anchors.save(anchor);
  return anchor;
}

function retentionEvent(deps: RetentionDeps, anchor: RetentionAnchor, firstSequence: number, cutoff: string, days: number, actor: RetentionActor): AuditFields {
  const nowMs = deps.clock.nowMs();
  return {
    event_id: uuidv7(nowMs),
    event_type: 'audit_retention_applied',
    timestamp: toRfc3339(nowMs),
    ...actor,
    action: 'audit_retention_applied',
    resource: `audit:sequence:${firstSequence}-${anchor.sequence}`,
    result: 'success',
    metadata: {
      archived: anchor.archived,
      first_sequence: firstSequence,
      last_sequence: anchor.sequence,
      anchor_hash: anchor.hash,
      archive_file: anchor.archive_file,
      archive_sha256: anchor.archive_sha256,
      cutoff,
      older_than_days: days,
    },
  };
}
