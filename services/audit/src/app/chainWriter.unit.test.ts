import { ManualClock } from '@qilbee/kernel';
import { InMemoryBus } from '@qilbee/kafka-kit';
import pino from 'pino';
import { auditEvent, cloudEventValue, testSigningKey } from '../testing/fixtures';
import { ChainWriter } from './chainWriter';
import { createIngestHandler } from './ingestChunk';
import { InMemoryAnchorStore, InMemoryAuditStore, InMemoryCheckpointStore, InMemoryReceiptStore } from './inMemoryStores';
import { verifyChain } from './verifyChain';

const { signingKey, trustedKeys } = testSigningKey();

function setup() {
  const records = new InMemoryAuditStore();
  const checkpoints = new InMemoryCheckpointStore();
  const anchors = new InMemoryAnchorStore();
  const clock = new ManualClock();
  const writer = new ChainWriter({ records, checkpoints, anchors, signingKey, clock, checkpointIntervalMs: 1000 });
  const verify = () => verifyChain({ records, checkpoints, anchors, receipts: new InMemoryReceiptStore(), trustedKeys, clock }, { full: true });
  return { records, checkpoints, clock, writer, verify };
}

describe('chain writer', () => {
  it('given a redelivered chunk, then events already stored are skipped and nothing is duplicated', async () => {
    const { records, writer, verify } = setup();
    const events = Array.from({ length: 5 }, (_, i) => auditEvent(i));
    expect(await writer.append(events)).toEqual({ stored: 5, duplicates: 0 });
    expect(await writer.append([...events, auditEvent(9)])).toEqual({ stored: 1, duplicates: 5 });
    expect(records.bySequence.size).toBe(6);
    expect((await verify()).ok).toBe(true);
  });

  it('given crashes after part of a chunk was written, then each redelivery continues the chain without gaps', async () => {
    const { records, writer, verify } = setup();
    const restart = () => new ChainWriter({ records, checkpoints: new InMemoryCheckpointStore(), anchors: new InMemoryAnchorStore(), signingKey, clock: new ManualClock(), checkpointIntervalMs: 1000 });
    await writer.append([auditEvent(0)]);
    const chunk = Array.from({ length: 6 }, (_, i) => auditEvent(i + 1));
    records.crashAfter(2);
    await expect(writer.append(chunk)).rejects.toThrow('crashed');
    expect(records.bySequence.size).toBe(3);
    records.recover();
    // The restarted process knows nothing but the store; the redelivery may come in another order.
    const second = restart();
    records.crashAfter(1);
    await expect(second.append([...chunk].reverse())).rejects.toThrow('crashed');
    records.recover();
    await restart().append(chunk);
    expect([...records.bySequence.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set([...records.bySequence.values()].map((r) => r.event_id)).size).toBe(7);
    expect(await verify()).toMatchObject({ ok: true, checked: 7 });
  });

  it('writes a signed checkpoint once the interval passed and the chain grew', async () => {
    const { checkpoints, clock, writer, verify } = setup();
    await writer.append([auditEvent(0)]);
    await writer.append([auditEvent(1)]);
    clock.advance(1000);
    await writer.append([auditEvent(2)]);
    expect([...checkpoints.saved.keys()]).toEqual([1, 3]);
    expect(await verify()).toMatchObject({ ok: true, checkpoints_checked: 2 });
  });
});

describe('ingest', () => {
  it('stores valid events, dead-letters the rest with reason and origin, and keeps going', async () => {
    const { records, writer } = setup();
    const bus = new InMemoryBus();
    const handler = createIngestHandler({ writer, deadLetters: bus, deadLetterTopic: 'dlq', clock: new ManualClock(), logger: pino({ level: 'silent' }) });
    const good = [auditEvent(1), auditEvent(2)];
    const message = (value: string | null, offset: string) => ({ topic: 'security.auth.v1', partition: 2, offset, key: 'k', value, headers: {}, timestampMs: 0 });
    await handler([message(cloudEventValue(good[0]!), '10'), message('not json', '11'), message(null, '12'), message(cloudEventValue(good[1]!), '13')]);
    expect([...records.bySequence.values()].map((r) => r.event_id)).toEqual(good.map((e) => e.event_id));
    expect(bus.published.map((m) => JSON.parse(m.value))).toEqual([
      expect.objectContaining({ reason: 'invalid_json', topic: 'security.auth.v1', partition: 2, offset: '11', value: 'not json' }),
      expect.objectContaining({ reason: 'empty_value', offset: '12', value: null }),
    ]);
  });
});
