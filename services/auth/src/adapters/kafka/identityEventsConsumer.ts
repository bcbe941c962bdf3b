import type { Kafka } from 'kafkajs';
import { KafkaConsumer, lookback, type EventConsumer, type StartFrom } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';

export const IDENTITY_EVENTS_GROUP = 'auth-identity-events';

/** The settings that decide where a new identity-events group starts (config.ts names). */
export interface IdentityEventsStartSettings {
  AUTH_IDENTITY_EVENTS_CONSUME_FROM?: StartFrom;
  AUTH_IDENTITY_EVENTS_LOOKBACK_SECONDS?: number;
  REFRESH_TOKEN_TTL_SECONDS: number;
  ACCESS_TOKEN_TTL_SECONDS: number;
  CLOCK_SKEW_SECONDS: number;
}

/**
 * Where a NEW group starts (an existing group always resumes from its commits). What the events
 * are for: a trigger sets the user's not-before, which kills tokens issued before it. The auth
 * store already holds every trigger an earlier group applied, so a new group only needs the
 * triggers that could still matter to a live token:
 * - access tokens live ACCESS_TOKEN_TTL_SECONDS (plus skew); older triggers cannot touch them;
 * - a refresh family started before a trigger is ended by the not-before when it next rotates;
 *   deactivation and deletion are also caught at refresh (identity is asked), role changes too
 *   (the new token carries the current roles), but a password change is caught only through the
 *   not-before. An idle family expires after REFRESH_TOKEN_TTL_SECONDS.
 * So the default is now minus the refresh-token TTL plus the skew: every trigger that can still
 * end a session that was idle since, at the cost of replaying that many days of identity events
 * (low volume; applying one twice is a no-op per event id). Replaying the whole topic would
 * instead re-apply every trigger ever kept: wasted writes, and on a fresh store a burst of
 * all_tokens_revoked events for users who hold no token. What no bound covers: a trigger missed
 * by a group that stopped consuming longer ago than the lookback, for a family rotated ever
 * since; replay such an outage deliberately (docs/operations.md).
 */
export function identityEventsStartFrom(settings: IdentityEventsStartSettings, nowMs: number): StartFrom {
  if (settings.AUTH_IDENTITY_EVENTS_CONSUME_FROM !== undefined) return settings.AUTH_IDENTITY_EVENTS_CONSUME_FROM;
  const defaultSeconds = Math.max(settings.REFRESH_TOKEN_TTL_SECONDS, settings.ACCESS_TOKEN_TTL_SECONDS) + settings.CLOCK_SKEW_SECONDS;
  return lookback(nowMs, (settings.AUTH_IDENTITY_EVENTS_LOOKBACK_SECONDS ?? defaultSeconds) * 1000);
}

/**
 * One group shared by all auth instances on security.identity.v1: password changes,
 * deactivations, deletions and role changes revoke the user's tokens. Offsets are committed only
 * after the revocation is stored; redelivery is harmless (the handler is idempotent by event id).
 */
export async function startIdentityEventsConsumer(options: {
  kafka: Kafka;
  topic: string;
  logger: Logger;
  groupId?: string;
  startFrom: StartFrom;
  handle: (values: Array<string | null>) => Promise<unknown>;
}): Promise<EventConsumer> {
  const consumer = new KafkaConsumer(options.kafka, { groupId: options.groupId ?? IDENTITY_EVENTS_GROUP, topics: [options.topic], startFrom: options.startFrom, chunkSize: 100, logger: options.logger });
  await consumer.start(async (messages) => {
    await options.handle(messages.map((m) => m.value));
  });
  return consumer;
}
