import { GENESIS_LINK, type AuditRecord } from '../domain/auditRecord';
import { chainRecords } from '../domain/hashChain';
import { toDocument } from '../adapters/mongo/auditDocuments';
import { auditEvent } from '../testing/fixtures';
import { countingReads } from '../testing/countingReads';
import { mongoAuditFixture } from '../testing/mongoFixture';

type Fixture = Awaited<ReturnType<typeof mongoAuditFixture>>;

/**
 * Incremental Verify on the real store: a clean Verify leaves a signed receipt at the newest
 * checkpoint it confirmed (here: sequence 20, one checkpoint per chunk of 5), 10 records are
 * appended after it (21..30), and the next Verify resumes at the receipt.
 */
describe('incremental Verify against tampering in the real store', () => {
  jest.setTimeout(30_000);
  let fixture: Fixture;
  let stored: AuditRecord[];
  const at = (sequence: number) => stored[sequence - 1] as AuditRecord;

  beforeEach(async () => {
    fixture = await mongoAuditFixture('audit_verify_incremental');
    const writer = fixture.writer({ checkpointIntervalMs: 0 });
    for (let chunk = 0; chunk < 4; chunk += 1) await writer.append(Array.from({ length: 5 }, (_, i) => auditEvent(chunk * 5 + i)));
    expect(await fixture.verify()).toMatchObject({ ok: true, mode: 'full', checked: 20, resumed_at_sequence: 0 });
    expect(await fixture.receipts.latest()).toMatchObject({ sequence: 20, verified_from: 1 });
    for (let chunk = 4; chunk < 6; chunk += 1) await writer.append(Array.from({ length: 5 }, (_, i) => auditEvent(chunk * 5 + i)));
    stored = [];
    for await (const record of fixture.records.walk(1)) stored.push(record);
  });
  afterEach(() => fixture.close());

  it('reads only the tail: the receipted record and the 10 after it, and moves the receipt to the newest checkpoint', async () => {
    const counting = countingReads(fixture.records);
    const report = await fixture.verify({}, { records: counting.store });
    expect(report).toMatchObject({ ok: true, mode: 'incremental', resumed_at_sequence: 20, checked: 11, checkpoints_checked: 2, first_broken: null });
    expect(counting.read()).toBe(11);
    expect(await fixture.receipts.latest()).toMatchObject({ sequence: 30, hash: at(30).hash, verified_from: 20 });

    const full = countingReads(fixture.records);
    expect(await fixture.verify({ full: true }, { records: full.store })).toMatchObject({ ok: true, mode: 'full', checked: 30 });
    expect(full.read()).toBe(30);
  });

  it('tampering after the receipt: the incremental Verify names the edited record', async () => {
    await fixture.records.events.updateOne({ sequence: 27 }, { $set: { username: 'mallory' } });
    expect(await fixture.verify()).toMatchObject({ ok: false, mode: 'incremental', first_broken: { event_id: at(27).event_id, sequence: 27, reason: 'hash_mismatch' } });
  });

  it('tampering before the receipt: not re-read by the incremental Verify, found by the full one', async () => {
    await fixture.records.events.updateOne({ sequence: 7 }, { $set: { result: 'failure' } });
    expect(await fixture.verify()).toMatchObject({ ok: true, mode: 'incremental', resumed_at_sequence: 20 });
    expect(await fixture.verify({ full: true })).toMatchObject({ ok: false, mode: 'full', first_broken: { event_id: at(7).event_id, sequence: 7, reason: 'hash_mismatch' } });
  });

  it('a rewrite before the receipt with recomputed hashes changes the receipted record: the incremental Verify catches it there', async () => {
    const forged = chainRecords(stored.map((r) => (r.sequence === 3 ? { ...r, result: 'failure' as const } : r)), GENESIS_LINK, at(1).transaction_time);
    await fixture.records.events.deleteMany({});
    await fixture.records.events.insertMany(forged.map(toDocument));
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(20).event_id, sequence: 20, reason: 'checkpoint_mismatch' });
    expect((await fixture.verify({ full: true })).first_broken).toEqual({ event_id: at(5).event_id, sequence: 5, reason: 'checkpoint_mismatch' });
  });

  it('records cut back past the receipt are reported as truncated', async () => {
    await fixture.records.events.deleteMany({ sequence: { $gte: 18 } });
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(20).event_id, sequence: 20, reason: 'truncated' });
  });

  it('the checkpoint a receipt names must still exist, in both modes', async () => {
    await fixture.db.collection('audit_checkpoints').deleteOne({ _id: 20 as never });
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(20).event_id, sequence: 20, reason: 'checkpoint_missing' });
    expect((await fixture.verify({ full: true })).first_broken).toEqual({ event_id: at(20).event_id, sequence: 20, reason: 'checkpoint_missing' });
  });

  it('a forged receipt is reported as tampering; deleting the receipts only makes Verify full again', async () => {
    const receipts = fixture.db.collection('audit_verification_receipts');
    const real = await fixture.receipts.latest();
    await receipts.insertOne({ ...real, _id: 29 as never, sequence: 29, hash: at(29).hash, event_id: at(29).event_id });
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(29).event_id, sequence: 29, reason: 'receipt_signature_invalid' });
    await receipts.deleteMany({});
    expect(await fixture.verify()).toMatchObject({ ok: true, mode: 'full', checked: 30 });
  });
});
