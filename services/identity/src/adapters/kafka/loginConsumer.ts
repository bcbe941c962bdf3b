import { lookback, type BatchHandler, type StartFrom } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';
import type { LastLoginStore } from '../../app/ports';
import { cloudEventData } from './parseCloudEvent';

/**
 * Feeds last_login from auth's `login` events. Idempotent by construction (the store keeps the
 * latest timestamp), so redelivery after a crash is harmless; the collection can be rebuilt by
 * replaying security.auth.v1 from the beginning under a fresh group id (LOGINS_CONSUME_FROM=earliest).
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

/**
 * Where a NEW logins group starts (an existing group always resumes from its commits). The store
 * keeps the latest login per user, so a new group on an existing database only needs the logins
 * published since the previous group stopped: after a group rename that is minutes. last_login is
 * shown to people, never used to decide access, so a bounded lookback (default a day) is safe; a
 * longer gap or a rebuild is a deliberate replay. Reading the whole topic instead (security.auth.v1
 * is the busiest topic) would upsert a timestamp for every user who ever logged in, including
 * users of other deployments sharing a development broker.
 */
export function loginsStartFrom(settings: { LOGINS_CONSUME_FROM?: StartFrom; LOGINS_LOOKBACK_SECONDS: number }, nowMs: number): StartFrom {
  return settings.LOGINS_CONSUME_FROM ?? lookback(nowMs, settings.LOGINS_LOOKBACK_SECONDS * 1000);
}
