/** A record to publish. `key` orders one subject's events on one partition. */
export interface OutgoingMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** Publishes records; resolves only once the broker acknowledged every one (acks = all). */
export interface EventPublisher {
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  timestampMs: number;
}

/**
 * Handles a chunk of messages from one partition. Resolving means the work is durable: only then
 * are the chunk's offsets committed. Throwing leaves them uncommitted, so they are redelivered.
 */
export type BatchHandler = (messages: ConsumedMessage[]) => Promise<void>;

export interface EventConsumer {
  start(handler: BatchHandler): Promise<void>;
  /** Finishes or abandons the chunk in progress without committing unprocessed offsets. */
  stop(): Promise<void>;
}
