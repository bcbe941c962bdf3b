#!/usr/bin/env node
// Waits until a Kafka cluster answers a real admin request (connect + listTopics).
// An open port is not enough: the KRaft broker accepts TCP connections well
// before its metadata is loaded and it can serve clients.
//
// usage: node infra/wait-kafka.js [brokers] [deadlineSeconds]
//   brokers defaults to $KAFKA_BROKERS or 127.0.0.1:9092; deadline to 60.
// exit 0 when ready, 1 on deadline, 2 if kafkajs is not installed.
'use strict';

const path = require('path');

let Kafka, logLevel;
try {
  // Resolve from the repo root explicitly, whatever the caller's cwd is.
  ({ Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [path.resolve(__dirname, '..')] })));
} catch (err) {
  console.error('wait-kafka: cannot load kafkajs; run `npm install` in the repo root');
  process.exit(2);
}

const brokers = (process.argv[2] || process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const deadline = Date.now() + 1000 * Number(process.argv[3] || 60);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function attempt() {
  // No retries inside kafkajs: we own the retry loop and its deadline.
  const kafka = new Kafka({
    clientId: 'qilbee-infra-wait',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

(async () => {
  let lastErr;
  // Always make at least one attempt, even with a zero deadline (status checks).
  for (;;) {
    try {
      const topics = await attempt();
      console.log(`kafka ready at ${brokers.join(',')} (${topics.length} topics)`);
      process.exit(0);
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(500);
  }
  console.error(`wait-kafka: ${brokers.join(',')} not ready: ${lastErr.message}`);
  process.exit(1);
})();
