import pino from 'pino';
import { Partitioners } from 'kafkajs';
import { ensureTopics } from '@qilbee/kafka-kit';
import { testKafka, uniqueName, waitFor } from '@qilbee/testkit';
import { ApiKeyCache, type CachedKey } from '../../app/apiKeys/apiKeyCache';
import { CacheInvalidationListener } from './cacheInvalidationListener';

function entry(keyId: string): CachedKey {
  return {
    key: { stage: 'Active', keyId, userId: 'u1', name: 'k', prefix: 'p', secretHash: `h-${keyId}`, permissions: [], createdAtMs: 0, expiresAtMs: null, rotatedFromKeyId: null },
    owner: null,
    loadedAtMs: Date.now(),
  };
}

const revoked = (keyId: string) => JSON.stringify({ specversion: '1.0', id: uniqueName('e'), type: 'io.qilbee.security.api_key_revoked', data: { event_type: 'api_key_revoked', metadata: { key_id: keyId } } });

describe('identity cache invalidation listener (real Kafka)', () => {
  it('reads changes published just before it started, so none falls between start and join; its group goes at stop', async () => {
    const kafka = testKafka();
    const topic = uniqueName('identity-events');
    await ensureTopics(kafka, [topic]);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    // Published before the listener exists, as if while the process was still starting.
    await producer.send({ topic, messages: [{ key: 'k1', value: revoked('k1') }] });

    // Entries held before the listener runs stand for ones cached right at the join: only events
    // the listener reads can drop them.
    const cache = new ApiKeyCache(3_600_000, { enabled: true });
    cache.set('h-k1', entry('k1'));
    cache.set('h-k2', entry('k2'));
    const instance = uniqueName('inst');
    const listener = new CacheInvalidationListener(kafka, cache, instance, pino({ level: 'silent' }), topic, Date.now());
    await listener.start();
    // The earlier revocation drops k1 (a listener starting at the latest offset would never read
    // it); a later one drops k2.
    await waitFor(() => cache.get('h-k1', Date.now()) === undefined, { timeoutMs: 15_000, message: 'earlier revocation applied' });
    await producer.send({ topic, messages: [{ key: 'k2', value: revoked('k2') }] });
    await waitFor(() => cache.get('h-k2', Date.now()) === undefined, { timeoutMs: 15_000, message: 'later revocation applied' });
    await producer.disconnect();

    await listener.stop();
    const admin = kafka.admin();
    await admin.connect();
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    await admin.disconnect();
    expect(groups).not.toContain(`identity-cache-${instance}`);
  });
});
