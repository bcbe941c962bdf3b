import { auditEvent, testSigningKey } from '../testing/fixtures';
import { GENESIS_HASH, GENESIS_LINK, type AuditRecord } from './auditRecord';
import { ChainVerifier, type BrokenLink } from './chainVerifier';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { chainRecords, hashRecord } from './hashChain';

const { signingKey, trustedKeys } = testSigningKey();
const STORED_AT = '2026-02-01T00:00:00.000Z';

function chainOf(count: number): AuditRecord[] {
  return chainRecords(Array.from({ length: count }, (_, i) => auditEvent(i)), GENESIS_LINK, STORED_AT);
}

function verify(records: AuditRecord[], checkpoints: Checkpoint[] = []): { broken: BrokenLink | undefined; verifier: ChainVerifier } {
  const verifier = new ChainVerifier(GENESIS_LINK, new Map(checkpoints.map((c) => [c.sequence, c])), trustedKeys);
  for (const record of records) if (verifier.accept(record)) break;
  return { broken: verifier.finish(), verifier };
}

describe('hash chain', () => {
  it('given events, when chained, then sequences count from the tail and each links to its predecessor', () => {
    const records = chainOf(3);
    expect(records.map((r) => r.sequence)).toEqual([1, 2, 3]);
    expect(records[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(records[1]?.prev_hash).toBe(records[0]?.hash);
    expect(records.every((r) => /^[0-9a-f]{64}$/.test(r.hash) && hashRecord(r) === r.hash)).toBe(true);
  });

  it('is deterministic: the same events, tail and storage time give the same records', () => {
    const events = [auditEvent(1), auditEvent(2)];
    expect(chainRecords(events, GENESIS_LINK, STORED_AT)).toEqual(chainRecords(events, GENESIS_LINK, STORED_AT));
  });

  it('covers every member: changing any one changes the hash', () => {
    const [record] = chainOf(1) as [AuditRecord];
    const variants: Partial<AuditRecord>[] = [
      { username: 'mallory' },
      { result: 'failure' },
      { metadata: { n: 999 } },
      { transaction_time: '2030-01-01T00:00:00.000Z' },
      { sequence: 2 },
      { prev_hash: 'f'.repeat(64) },
      { user_agent: null },
    ];
    for (const change of variants) expect(hashRecord({ ...record, ...change })).not.toBe(record.hash);
  });
});

describe('chain verification', () => {
  it('given an intact chain with checkpoints, then it verifies every record and checkpoint', () => {
    const records = chainOf(5);
    const checkpoints = [signCheckpoint(signingKey, records[1] as AuditRecord, STORED_AT), signCheckpoint(signingKey, records[4] as AuditRecord, STORED_AT)];
    const { broken, verifier } = verify(records, checkpoints);
    expect(broken).toBeUndefined();
    expect(verifier.checked).toBe(5);
    expect(verifier.checkpointsChecked).toBe(2);
  });

  it('given an edited member, then the edited record is the first broken link (hash_mismatch)', () => {
    const records = chainOf(5);
    records[2] = { ...(records[2] as AuditRecord), result: 'failure' };
    expect(verify(records).broken).toEqual({ event_id: records[2]?.event_id, sequence: 3, reason: 'hash_mismatch' });
  });

  it('given a deleted record, then the record after the hole is named (sequence_gap)', () => {
    const records = chainOf(5);
    const [, , , fourth] = records;
    records.splice(2, 1);
    expect(verify(records).broken).toEqual({ event_id: fourth?.event_id, sequence: 4, reason: 'sequence_gap' });
  });

  it('given two records that swapped places, then the first moved record is named', () => {
    const records = chainOf(5);
    const second = records[1] as AuditRecord;
    const fourth = records[3] as AuditRecord;
    records[1] = { ...fourth, sequence: 2 };
    records[3] = { ...second, sequence: 4 };
    expect(verify(records).broken).toEqual({ event_id: fourth.event_id, sequence: 2, reason: 'hash_mismatch' });
  });

  it('given an edit whose hash was recomputed, then the successor no longer links (prev_hash_mismatch)', () => {
    const records = chainOf(4);
    const edited = { ...(records[1] as AuditRecord), username: 'mallory' };
    records[1] = { ...edited, hash: hashRecord(edited) };
    expect(verify(records).broken).toMatchObject({ sequence: 3, reason: 'prev_hash_mismatch' });
  });

  it('given a whole chain rewritten with recomputed hashes, then the signed checkpoint catches it', () => {
    const original = chainOf(4);
    const checkpoint = signCheckpoint(signingKey, original[3] as AuditRecord, STORED_AT);
    const rewritten = chainRecords(
      original.map((r, i) => (i === 1 ? { ...r, username: 'mallory' } : r)),
      GENESIS_LINK,
      STORED_AT,
    );
    expect(verify(rewritten, [checkpoint]).broken).toEqual({ event_id: original[3]?.event_id, sequence: 4, reason: 'checkpoint_mismatch' });
  });

  it('given a forged checkpoint signature, then it is reported', () => {
    const records = chainOf(2);
    const forged = { ...signCheckpoint(signingKey, records[1] as AuditRecord, STORED_AT), signed_at: '2027-01-01T00:00:00.000Z' };
    expect(verify(records, [forged]).broken).toMatchObject({ sequence: 2, reason: 'checkpoint_signature_invalid' });
  });

  it('given records cut off the end, then a checkpoint past the last record reveals it (truncated)', () => {
    const records = chainOf(5);
    const checkpoint = signCheckpoint(signingKey, records[4] as AuditRecord, STORED_AT);
    expect(verify(records.slice(0, 3), [checkpoint]).broken).toEqual({ event_id: records[4]?.event_id, sequence: 5, reason: 'truncated' });
  });
});
