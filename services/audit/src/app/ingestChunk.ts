import type { AuditFields } from '@qilbee/contracts';
import type { Clock } from '@qilbee/kernel';
import type { BatchHandler, ConsumedMessage, EventPublisher, OutgoingMessage } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';
import { parseSecurityEvent, type RejectionReason } from '../domain/parseSecurityEvent';
import type { ChainWriter } from './chainWriter';

export interface IngestDeps {
  writer: ChainWriter;
  deadLetters: EventPublisher;
  deadLetterTopic: string;
  clock: Clock;
  logger: Logger;
}

/** What the dead-letter topic carries: why, where from, and the untouched original value. */
export interface DeadLetter {
  reason: RejectionReason;
  detail: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  rejected_at: string;
}

function toDeadLetterMessage(message: ConsumedMessage, reason: RejectionReason, detail: string, nowMs: number): OutgoingMessage {
  const letter: DeadLetter = {
    reason,
    detail,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    rejected_at: new Date(nowMs).toISOString(),
  };
  return {
    key: message.key ?? `${message.topic}/${message.partition}`,
    value: JSON.stringify(letter),
    headers: { 'x-dead-letter-reason': reason, 'x-original-topic': message.topic },
  };
}

/**
 * The consumer's chunk handler: parses every record, appends the valid events to the chain and
 * sends the rest to the dead-letter topic. It resolves only when both are durable, so offsets are
 * committed only then; a failure throws and the chunk is redelivered, which is harmless because the
 * writer skips events it already stored (dead letters are at-least-once: each names its offset).
 */
export function createIngestHandler(deps: IngestDeps): BatchHandler {
  return async (chunk) => {
    const started = performance.now();
    const events: AuditFields[] = [];
    const rejected: OutgoingMessage[] = [];
    for (const message of chunk) {
      const outcome = parseSecurityEvent(message.value);
      if (outcome.kind === 'event') events.push(outcome.event);
      else rejected.push(toDeadLetterMessage(message, outcome.reason, outcome.detail, deps.clock.nowMs()));
    }
    const result = events.length > 0 ? await deps.writer.append(events) : { stored: 0, duplicates: 0 };
    if (rejected.length > 0) await deps.deadLetters.publish(deps.deadLetterTopic, rejected);
    const first = chunk[0];
    // One wide event per chunk; debug unless something was dead-lettered (values are never logged).
    const log = rejected.length > 0 ? deps.logger.warn.bind(deps.logger) : deps.logger.debug.bind(deps.logger);
    log({
      operation: 'audit.ingest',
      topic: first?.topic,
      partition: first?.partition,
      fromOffset: first?.offset,
      toOffset: chunk[chunk.length - 1]?.offset,
      stored: result.stored,
      duplicates: result.duplicates,
      deadLettered: rejected.length,
      durationMs: performance.now() - started,
    });
  };
}
