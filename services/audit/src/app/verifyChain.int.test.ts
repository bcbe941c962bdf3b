import { GENESIS_LINK, type AuditRecord } from '../domain/auditRecord';
import { chainRecords } from '../domain/hashChain';
import { toDocument } from '../adapters/mongo/auditDocuments';
import { auditEvent } from '../testing/fixtures';
import { ManualClock, mongoAuditFixture } from '../testing/mongoFixture';

type Fixture = Awaited<ReturnType<typeof mongoAuditFixture>>;

describe('Verify against tampering in the real store', () => {
  let fixture: Fixture;
  let stored: AuditRecord[];

  beforeEach(async () => {
    fixture = await mongoAuditFixture('audit_verify');
    const writer = fixture.writer({ checkpointIntervalMs: 0 });
    for (let chunk = 0; chunk < 4; chunk += 1) await writer.append(Array.from({ length: 5 }, (_, i) => auditEvent(chunk * 5 + i)));
    stored = [];
    for await (const record of fixture.records.walk(1)) stored.push(record);
  });
  afterEach(() => fixture.close());

  const at = (sequence: number) => stored[sequence - 1] as AuditRecord;

  it('an untouched chain verifies, with a checkpoint per chunk', async () => {
    expect(await fixture.verify()).toMatchObject({ ok: true, checked: 20, checkpoints_checked: 4, first_broken: null });
  });

  it('an edited field: the edited event is named', async () => {
    await fixture.records.events.updateOne({ sequence: 7 }, { $set: { username: 'mallory' } });
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(7).event_id, sequence: 7, reason: 'hash_mismatch' });
  });

  it('a deleted document: the event after the hole is named', async () => {
    await fixture.records.events.deleteOne({ sequence: 12 });
    const report = await fixture.verify();
    expect(report.ok).toBe(false);
    expect(report.first_broken).toEqual({ event_id: at(13).event_id, sequence: 13, reason: 'sequence_gap' });
  });

  it('two swapped documents: the first moved event is named', async () => {
    await fixture.records.events.updateOne({ sequence: 5 }, { $set: { sequence: -1 } });
    await fixture.records.events.updateOne({ sequence: 9 }, { $set: { sequence: 5 } });
    await fixture.records.events.updateOne({ sequence: -1 }, { $set: { sequence: 9 } });
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(9).event_id, sequence: 5, reason: 'hash_mismatch' });
  });

  it('the whole chain rewritten with recomputed hashes: the first signed checkpoint after the edit catches it', async () => {
    const forged = chainRecords(
      stored.map((r) => (r.sequence === 3 ? { ...r, result: 'failure' as const } : r)),
      GENESIS_LINK,
      at(1).transaction_time,
    );
    await fixture.records.events.deleteMany({});
    await fixture.records.events.insertMany(forged.map(toDocument));
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(5).event_id, sequence: 5, reason: 'checkpoint_mismatch' });
  });

  it('the newest documents removed: the last checkpoint reveals the truncation', async () => {
    await fixture.records.events.deleteMany({ sequence: { $gte: 18 } });
    expect((await fixture.verify()).first_broken).toEqual({ event_id: at(20).event_id, sequence: 20, reason: 'truncated' });
  });

  it('Verify(from, to) checks only the records stored in that window and links them to their predecessor', async () => {
    const writer = fixture.writer({ clock: new ManualClock(Date.UTC(2030, 0, 1)) });
    await writer.append([auditEvent(100)]);
    const last = await fixture.records.lastRecord();
    const report = await fixture.verify({ from: last?.transaction_time, to: last?.transaction_time });
    expect(report).toMatchObject({ ok: true, checked: 1, from: last?.transaction_time, to: last?.transaction_time });
    expect(await fixture.verify({ from: 'not a time' }).catch((e: Error) => e.message)).toMatch(/RFC 3339/);
  });
});
