import type { BatchHandler, ConsumedMessage, EventConsumer, EventPublisher, OutgoingMessage } from './ports';

/** The in-memory twin of the Kafka ports, for application tests that need no broker. */
export class InMemoryBus implements EventPublisher {
  readonly published: Array<{ topic: string } & OutgoingMessage> = [];
  private readonly handlers: Array<{ topics: string[]; handler: BatchHandler }> = [];
  /** Set to make the next publishes fail, to test what callers do when Kafka is down. */
  failNext = 0;

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('broker unavailable');
    }
    const offset = this.published.length;
    for (const m of messages) this.published.push({ topic, ...m });
    const consumed: ConsumedMessage[] = messages.map((m, i) => ({
      topic,
      partition: 0,
      offset: String(offset + i),
      key: m.key,
      value: m.value,
      headers: m.headers ?? {},
      timestampMs: Date.now(),
    }));
    for (const subscriber of this.handlers) {
      if (subscriber.topics.includes(topic)) await subscriber.handler(consumed);
    }
  }

  consumer(topics: string[]): EventConsumer {
    let entry: { topics: string[]; handler: BatchHandler } | undefined;
    return {
      start: async (handler) => {
        entry = { topics, handler };
        this.handlers.push(entry);
      },
      stop: async () => {
        const index = entry ? this.handlers.indexOf(entry) : -1;
        if (index >= 0) this.handlers.splice(index, 1);
      },
    };
  }

  async close(): Promise<void> {}
}
