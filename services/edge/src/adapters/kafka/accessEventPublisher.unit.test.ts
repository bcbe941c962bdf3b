import { TOPICS } from '@qilbee/contracts';
import { InMemoryBus } from '@qilbee/kafka-kit';
import { KafkaAccessEvents } from './accessEventPublisher';

describe('access events on Kafka', () => {
  it('are structured CloudEvents keyed by subject, with the same record headers as the outbox relay', async () => {
    const bus = new InMemoryBus();
    const fields = { event_id: '01a2b3c4-0000-7000-8000-000000000001', event_type: 'permission_denied', timestamp: '2026-01-01T00:00:00.000Z', user_id: 'u1', username: 'alice', action: 'GET', resource: '/api/v1/users', result: 'forbidden', ip_address: '10.0.0.1', user_agent: null, metadata: {} };
    await new KafkaAccessEvents(bus).publish('u1', fields as never);
    const [record] = bus.published;
    expect(record?.topic).toBe(TOPICS.access);
    expect(record?.key).toBe('u1');
    const event = JSON.parse(record?.value ?? '{}');
    expect(record?.headers).toEqual({ 'content-type': 'application/cloudevents+json', 'ce-id': event.id });
    expect(event.id).toBe(fields.event_id);
  });
});
