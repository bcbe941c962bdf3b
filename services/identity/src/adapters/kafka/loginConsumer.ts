import type { BatchHandler } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';
import type { LastLoginStore } from '../../app/ports';
import { cloudEventData } from './parseCloudEvent';

/**
 * Feeds last_login from auth's `login` events. Idempotent by construction (the store keeps the
 * latest timestamp), so redelivery after a crash is harmless; the collection can be rebuilt by
 * replaying security.auth.v1 from the beginning under a fresh group id.
 */
export function loginHandler(lastLogins: LastLoginStore, logger: Logger): BatchHandler {
  return async (messages) => {
    const latest = new Map<string, number>();
    for (const message of messages) {
      const data = cloudEventData(message.value);
      if (data?.event_type !== 'login' || data.result !== 'success') continue;
      const userId = data.user_id;
      const atMs = typeof data.timestamp === 'string' ? Date.parse(data.timestamp) : Number.NaN;
      if (typeof userId !== 'string' || !userId || Number.isNaN(atMs)) {
        logger.debug({ offset: message.offset }, 'login event without user or time; skipped');
        continue;
      }
      latest.set(userId, Math.max(atMs, latest.get(userId) ?? 0));
    }
    for (const [userId, atMs] of latest) await lastLogins.record(userId, atMs);
  };
}
