import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ManualClock } from '@qilbee/kernel';
import { GzipNdjsonArchive } from '../adapters/archive/gzipNdjsonArchive';
import { GENESIS_LINK, type AuditRecord, type ChainLink } from '../domain/auditRecord';
import { ChainVerifier } from '../domain/chainVerifier';
import { auditEvent } from '../testing/fixtures';
import { mongoAuditFixture } from '../testing/mongoFixture';
import { createAuditLog } from './auditLog';

const DAY_MS = 24 * 60 * 60 * 1000;

async function readArchive(file: string): Promise<{ records: AuditRecord[]; sha256: string }> {
  const bytes = await readFile(file);
  const lines = gunzipSync(bytes).toString('utf8').trim().split('\n');
  return { records: lines.map((line) => JSON.parse(line) as AuditRecord), sha256: createHash('sha256').update(bytes).digest('hex') };
}

function archiveVerifies(records: AuditRecord[], start: ChainLink): boolean {
  const verifier = new ChainVerifier(start, new Map(), new Map());
  return records.every((record) => verifier.accept(record) === undefined);
}

describe('retention (real store, archive files)', () => {
  let fixture: Awaited<ReturnType<typeof mongoAuditFixture>>;
  let directory: string;

  beforeAll(async () => {
    fixture = await mongoAuditFixture('audit_retention');
    directory = await mkdtemp(path.join(tmpdir(), 'audit-archive-'));
  });
  afterAll(async () => {
    await fixture.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('archives and removes old events, records the removal in the chain, and Verify still passes across the cut', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const writer = fixture.writer({ clock, checkpointIntervalMs: 0 });
    const audit = createAuditLog({ ...fixture, archive: new GzipNdjsonArchive(directory), writer, clock, retentionDays: 365 });
    await writer.append(Array.from({ length: 6 }, (_, i) => auditEvent(i)));
    await writer.append(Array.from({ length: 4 }, (_, i) => auditEvent(10 + i)));
    clock.advance(400 * DAY_MS);
    await writer.append(Array.from({ length: 5 }, (_, i) => auditEvent(20 + i)));

    const first = await audit.applyRetention(0, { user_id: 'admin-1', username: 'admin', ip_address: '10.0.0.9', user_agent: null });
    expect(first).toMatchObject({ archived: 10, anchor_sequence: 10 });
    expect(await fixture.records.events.countDocuments()).toBe(6);
    expect(await audit.verify({})).toMatchObject({ ok: true, checked: 6, first_broken: null });

    const archive = await readArchive(first.archive_file);
    expect(archive.records.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(archiveVerifies(archive.records, GENESIS_LINK)).toBe(true);
    expect(archive.records.at(-1)?.hash).toBe(first.anchor_hash);
    expect((await fixture.anchors.latest())?.archive_sha256).toBe(archive.sha256);

    const removal = (await audit.query({ event_type: 'audit_retention_applied' })).events;
    expect(removal).toHaveLength(1);
    expect(removal[0]).toMatchObject({ sequence: 16, username: 'admin', result: 'success', metadata: expect.objectContaining({ archived: 10, last_sequence: 10, anchor_hash: first.anchor_hash }) });

    expect(await audit.applyRetention()).toMatchObject({ archived: 0, archive_file: '', anchor_sequence: 10 });

    clock.advance(400 * DAY_MS);
    await writer.append([auditEvent(30)]);
    const second = await audit.applyRetention(0);
    expect(second).toMatchObject({ archived: 6, anchor_sequence: 16 });
    const secondArchive = await readArchive(second.archive_file);
    expect(archiveVerifies(secondArchive.records, { sequence: 10, hash: first.anchor_hash })).toBe(true);
    expect(await audit.verify({})).toMatchObject({ ok: true, checked: 2 });
  });

  it('a forged anchor hiding a deleted prefix is caught by its signature', async () => {
    const anchor = await fixture.anchors.latest();
    await fixture.db.collection('audit_anchors').insertOne({ ...anchor, _id: 999 as never, sequence: 999, hash: 'f'.repeat(64) } as never);
    expect((await fixture.verify()).first_broken).toMatchObject({ sequence: 999, reason: 'anchor_signature_invalid' });
  });
});
