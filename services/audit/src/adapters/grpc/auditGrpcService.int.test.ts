import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { auditV1, type AuditFields } from '@qilbee/contracts';
import { createResilientClient, startGrpcServer, type ResilientClient, type RunningGrpcServer } from '@qilbee/grpc-kit';
import { DomainError, ManualClock } from '@qilbee/kernel';
import { createAuditLog } from '../../app/auditLog';
import { auditEvent } from '../../testing/fixtures';
import { mongoAuditFixture } from '../../testing/mongoFixture';
import { GzipNdjsonArchive } from '../archive/gzipNdjsonArchive';
import { auditGrpcService } from './auditGrpcService';

const logger = pino({ level: 'silent' });
const SAME_INSTANT = '2026-01-01T12:00:00.000Z';

/** 30 events: 3 types x 2 results, 5 users, and 4 that share one timestamp (ties go by sequence). */
function sampleEvents(): AuditFields[] {
  return Array.from({ length: 30 }, (_, i) =>
    auditEvent(i, {
      event_type: (['login', 'login_failed', 'permission_denied'] as const)[i % 3],
      result: i % 3 === 1 ? 'failure' : i % 3 === 2 ? 'forbidden' : 'success',
      ...(i >= 26 ? { timestamp: SAME_INSTANT } : {}),
    }),
  );
}

describe('audit gRPC API (real store)', () => {
  let fixture: Awaited<ReturnType<typeof mongoAuditFixture>>;
  let server: RunningGrpcServer;
  let client: ResilientClient<auditV1.AuditServiceClient>;
  let directory: string;
  const events = sampleEvents();

  beforeAll(async () => {
    fixture = await mongoAuditFixture('audit_grpc');
    directory = await mkdtemp(path.join(tmpdir(), 'audit-grpc-'));
    const clock = new ManualClock(Date.UTC(2026, 1, 1));
    const writer = fixture.writer({ clock, checkpointIntervalMs: 0 });
    await writer.append(events.slice(0, 13));
    await writer.append(events.slice(13));
    const audit = createAuditLog({ ...fixture, archive: new GzipNdjsonArchive(directory), writer, clock, retentionDays: 365 });
    server = await startGrpcServer({ port: 0, services: [auditGrpcService(audit, logger)], logger });
    client = createResilientClient(auditV1.AuditServiceClient, `127.0.0.1:${server.port}`, { name: 'audit', deadlineMs: 5000 });
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(1000);
    await fixture.close();
    await rm(directory, { recursive: true, force: true });
  });

  // The kit's response inference does not see through the generated overloads: name the types here.
  const query = (request: Partial<auditV1.QueryRequest>) => client.call('query', auditV1.QueryRequest.fromPartial(request)) as Promise<auditV1.QueryResponse>;

  it('pages newest first by timestamp, ties by sequence, with an opaque cursor, until no cursor is left', async () => {
    const seen: auditV1.AuditEvent[] = [];
    let cursor = '';
    do {
      const page = await query({ limit: 7, cursor });
      expect(page.limit).toBe(7);
      seen.push(...page.events);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    const order = [...seen].sort((a, b) => (a.timestamp === b.timestamp ? b.sequence - a.sequence : a.timestamp < b.timestamp ? 1 : -1));
    expect(seen.map((e) => e.eventId)).toEqual(order.map((e) => e.eventId));
    expect(seen.slice(0, 4).map((e) => e.sequence)).toEqual([30, 29, 28, 27]);
    expect(seen[0]).toMatchObject({ transactionTime: '2026-02-01T00:00:00.000Z', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.parse(seen[0]?.metadataJson ?? '')).toEqual({ n: 29 });
  });

  it('filters by event_type, user_id, username, action, result, ip_address and time', async () => {
    const expectIds = async (request: Partial<auditV1.QueryRequest>, predicate: (e: AuditFields) => boolean) => {
      const page = await query({ ...request, limit: 1000 });
      expect(new Set(page.events.map((e) => e.eventId))).toEqual(new Set(events.filter(predicate).map((e) => e.event_id)));
      expect(page.events.length).toBeGreaterThan(0);
    };
    await expectIds({ eventType: 'login_failed' }, (e) => e.event_type === 'login_failed');
    await expectIds({ userId: 'user-2' }, (e) => e.user_id === 'user-2');
    await expectIds({ username: 'alice3', result: 'forbidden' }, (e) => e.username === 'alice3' && e.result === 'forbidden');
    await expectIds({ action: 'login' }, () => true);
    await expectIds({ ipAddress: '10.0.0.4' }, (e) => e.ip_address === '10.0.0.4');
    const start = events[5]?.timestamp ?? '';
    const end = events[9]?.timestamp ?? '';
    await expectIds({ startTime: start, endTime: end }, (e) => e.timestamp >= start && e.timestamp <= end);
  });

  it('caps the limit at 1000 and answers known-but-absent event types with an empty page', async () => {
    expect((await query({ limit: 5000 })).limit).toBe(1000);
    expect((await query({ eventType: 'user_deleted' })).events).toEqual([]);
  });

  it('rejects unknown filter values as INVALID_ARGUMENT naming each field', async () => {
    const error = await query({ eventType: 'coffee_brewed', result: 'maybe' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid_argument', reason: 'invalid_query' });
    expect((error as DomainError).violations.map((v) => v.field)).toEqual(['event_type', 'result']);
  });

  it('counts by event type and result', async () => {
    const stats = (await client.call('stats', { startTime: '', endTime: '' })) as auditV1.StatsResponse;
    expect(stats.total).toBe(30);
    expect(stats.buckets).toEqual([
      { eventType: 'login', result: 'success', count: 10 },
      { eventType: 'login_failed', result: 'failure', count: 10 },
      { eventType: 'permission_denied', result: 'forbidden', count: 10 },
    ]);
  });

  it('verifies over gRPC and exposes the checkpoint signing key', async () => {
    expect(await client.call('verify', { from: '', to: '' })).toMatchObject({ ok: true, checked: 30, checkpointsChecked: 2, mode: 'full' });
    // The first clean Verify left a receipt at checkpoint 30: the next one resumes there; `full` walks all.
    expect(await client.call('verify', { from: '', to: '' })).toMatchObject({ ok: true, checked: 1, mode: 'incremental', resumedAtSequence: 30 });
    expect(await client.call('verify', { from: '', to: '', full: true })).toMatchObject({ ok: true, checked: 30, mode: 'full' });
    const key = (await client.call('getSigningKey', {})) as auditV1.GetSigningKeyResponse;
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: fixture.signingKey.keyId, latestCheckpoint: { sequence: 30 } });
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });

  it('exports a time range as NDJSON over a server stream, in chain order', async () => {
    const lines: string[] = [];
    const stream = client.raw.export({ startTime: events[0]?.timestamp ?? '', endTime: events[24]?.timestamp ?? '' });
    for await (const message of stream as AsyncIterable<auditV1.ExportResponse>) lines.push(...message.ndjson.toString('utf8').trim().split('\n'));
    const exported = lines.map((line) => JSON.parse(line));
    expect(exported.map((e) => e.sequence)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(Object.keys(exported[0])).toEqual(expect.arrayContaining(['event_id', 'transaction_time', 'sequence', 'prev_hash', 'hash']));
  });

  it('rejects an export with a bad bound as INVALID_ARGUMENT on the stream', async () => {
    const stream = client.raw.export({ startTime: 'soon', endTime: '' });
    const failure = await new Promise<{ code?: number }>((resolve) => {
      stream.on('error', resolve);
      stream.on('data', () => undefined);
    });
    expect(failure.code).toBe(3);
  });
});
