import { TOPICS, toCloudEvent, type AuditFields } from '@qilbee/contracts';
import type { EventPublisher } from '@qilbee/kafka-kit';
import type { AccessEventPort } from '../../app/ports';

/** Edge decisions as CloudEvents on security.access.v1, keyed by subject (user id or IP). */
export class KafkaAccessEvents implements AccessEventPort {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(subject: string, fields: AuditFields): Promise<void> {
    const event = toCloudEvent('edge', subject, fields);
    // The same record headers as every other producer's (CloudEvents Kafka binding, structured mode).
    const headers = { 'content-type': 'application/cloudevents+json', 'ce-id': event.id };
    await this.publisher.publish(TOPICS.access, [{ key: subject, value: JSON.stringify(event), headers }]);
  }
}
