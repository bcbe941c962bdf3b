import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Makes sure Kafka, the MongoDB-compatible store and Redis are running before integration and
 * end-to-end tests: `infra/up.sh` reuses running servers or starts them (and honours MONGO_URL,
 * KAFKA_BROKERS, REDIS_URL). It prints the resulting `NAME=value` lines, exported here for the
 * test workers. Unit-only runs may set QILBEE_SKIP_INFRA=1.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.QILBEE_SKIP_INFRA === '1') return;
  const root = path.resolve(__dirname, '../../..');
  const output = execFileSync('bash', [path.join(root, 'infra/up.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of output.split('\n')) {
    const match = /^(MONGO_URL|KAFKA_BROKERS|REDIS_URL)=(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) process.env[match[1]] = match[2];
  }
}
