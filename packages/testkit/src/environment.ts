import { randomBytes } from 'node:crypto';

/** Where the real servers are; set by the global setup (or by the user, to use external servers). */
export function testEnv(): { mongoUrl: string; kafkaBrokers: string[]; redisUrl: string } {
  return {
    mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

/** A name no other test file uses: topics, consumer groups and databases never leak between tests. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.slice(0, 60);
}
