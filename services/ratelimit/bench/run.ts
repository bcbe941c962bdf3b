/**
 * Rate-limit service benchmark: decisions/s and p50/p99 for the memory and Redis backends next to
 * the no-op RPC on the same server, in the same run, plus p99 at a fixed 5,000 checks/s.
 * Load generator: ghz (gRPC, `go install github.com/bojand/ghz/cmd/ghz@latest`), fed a descriptor set
 * that buf builds from proto/ (ghz 0.93 cannot parse proto3 `optional` from sources).
 * Run: npx tsx services/ratelimit/bench/run.ts   (needs infra/up.sh servers; GHZ=path overrides)
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { ratelimitV1 } from '@qilbee/contracts';
import { createResilientClient } from '@qilbee/grpc-kit';
import { createLogger } from '@qilbee/logger';
import { buildProtoset, ghz, testEnv, uniqueName, type GhzFigures } from '@qilbee/testkit';
import { readConfig } from '../src/config';
import { startRateLimit } from '../src/main';

const ROOT = path.resolve(__dirname, '../../..');
const DURATION = process.env.BENCH_DURATION ?? '10s';
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '50';

async function startServer(backend: 'memory' | 'redis', db: string, prefix: string) {
  const env = testEnv();
  const config = readConfig({
    MONGO_URL: env.mongoUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    REDIS_URL: env.redisUrl,
    LOG_LEVEL: 'silent',
    RATELIMIT_GRPC_PORT: '0',
    RATELIMIT_DB: db,
    RATELIMIT_BACKEND: backend,
    REDIS_KEY_PREFIX: prefix,
    // A benchmark on a loaded 2-core box: give Redis room before declaring it unreachable.
    REDIS_COMMAND_TIMEOUT_MS: '500',
  });
  return startRateLimit(config, createLogger({ service: 'ratelimit-bench', level: 'silent' }));
}

async function main(): Promise<void> {
  const db = uniqueName('ratelimit_bench');
  const prefix = `${uniqueName('rlbench')}:`;
  const memory = await startServer('memory', db, prefix);
  const redis = await startServer('redis', db, prefix);
  // ghz 0.93 cannot parse proto3 `optional` from .proto sources; a descriptor set built by buf can.
  const own = await buildProtoset(ROOT, path.join(tmpdir(), `${prefix.replace(/:/g, '')}.protoset`));
  const envoyProto = own;
  // The default GeneralApi policy (1000/h) would reject nearly everything; a bench policy lets a
  // decision be a full "allowed" path: 1,000,000 per second, one subject (static request data: ghz renders templated data per request, which costs the load generator CPU on the same cores and would bias the comparison with the no-op).
  const noop = 'qilbee.ratelimit.v1.RateLimitService.Noop';
  const checkCall = 'qilbee.ratelimit.v1.RateLimitService.Check';
  const check = { domain: 'bench', hits: 1, descriptors: [{ endpoint_type: 'GeneralApi', path: '/bench/x', subject: 'user:bench' }] };
  const envoyCheck = { domain: 'bench', descriptors: [{ entries: [{ key: 'path', value: '/bench/x' }, { key: 'remote_address', value: '10.0.0.1' }] }] };
  const admin = createResilientClient(ratelimitV1.RateLimitServiceClient, `127.0.0.1:${memory.grpc.port}`, { name: 'bench', deadlineMs: 5000 });
  await admin.call('createPolicy', { name: 'bench', endpointType: 'Custom', customPath: '/bench', maxRequests: 1_000_000, windowSecs: 1, enabled: true, overrides: {}, failOpen: true });
  admin.close();
  await new Promise((r) => setTimeout(r, 1000)); // both servers reload policies (500 ms period)

  const load = ['-c', CONCURRENCY, '-z', DURATION];
  const results: GhzFigures[] = [];
  results.push(await ghz('noop (memory server)', memory.grpc.port, noop, own, {}, load));
  results.push(await ghz('check memory', memory.grpc.port, checkCall, own, check, load));
  results.push(await ghz('envoy ShouldRateLimit memory', memory.grpc.port, 'envoy.service.ratelimit.v3.RateLimitService.ShouldRateLimit', envoyProto, envoyCheck, load));
  results.push(await ghz('noop (redis server)', redis.grpc.port, noop, own, {}, load));
  results.push(await ghz('check redis', redis.grpc.port, checkCall, own, check, load));
  const fixed = ['-c', '20', '--rps', '5000', '-z', DURATION];
  results.push(await ghz('check memory @5000/s', memory.grpc.port, checkCall, own, check, fixed));
  results.push(await ghz('check redis @5000/s', redis.grpc.port, checkCall, own, check, fixed));
  // The floor for the latency target: the same server answering a no-op at the same rate.
  results.push(await ghz('noop (memory server) @5000/s', memory.grpc.port, noop, own, {}, fixed));

  console.table(results);
  const ceilingMemory = results[0]!.rps;
  const ceilingRedis = results[3]!.rps;
  console.log(`memory check = ${Math.round((results[1]!.rps / ceilingMemory) * 100)}% of the no-op ceiling (target >= 60%)`);
  console.log(`redis check  = ${Math.round((results[4]!.rps / ceilingRedis) * 100)}% of the no-op ceiling (target >= 40%)`);
  console.log(`p99 at 5,000 checks/s: memory ${results[5]!.p99Ms} ms, redis ${results[6]!.p99Ms} ms (target < 2 ms); a no-op at 5,000/s: p99 ${results[7]!.p99Ms} ms`);

  await memory.stop();
  await redis.stop();
  const mongo = await new MongoClient(testEnv().mongoUrl).connect();
  await mongo.db(db).dropDatabase();
  await mongo.close();
  const r = new Redis(testEnv().redisUrl);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length > 0) await r.del(...keys);
  await r.quit();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
