import type { Kafka } from 'kafkajs';

/**
 * Deletes a consumer group that belongs to one process (per-instance views): without this each
 * restart leaves a group behind on the broker. Best effort: the broker refuses while members
 * linger, and the group then expires on its own (offsets.retention.minutes).
 */
export async function deleteConsumerGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // See above: not deleting is harmless.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
