#!/usr/bin/env node
// Waits until a MongoDB-compatible server (FerretDB here) answers `ping` on
// the admin database. A real round trip proves the wire protocol and the
// storage backend are up, not merely that the port accepts connections.
//
// usage: node infra/wait-mongo.js [url] [deadlineSeconds]
//   url defaults to $MONGO_URL or mongodb://127.0.0.1:27017; deadline to 60.
// exit 0 when ready, 1 on deadline, 2 if the mongodb driver is not installed.
'use strict';

const path = require('path');

let MongoClient;
try {
  // Resolve from the repo root explicitly, whatever the caller's cwd is.
  ({ MongoClient } = require(require.resolve('mongodb', { paths: [path.resolve(__dirname, '..')] })));
} catch (err) {
  console.error('wait-mongo: cannot load mongodb; run `npm install` in the repo root');
  process.exit(2);
}

const url = process.argv[2] || process.env.MONGO_URL || 'mongodb://127.0.0.1:27017';
const deadline = Date.now() + 1000 * Number(process.argv[3] || 60);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Never print credentials that may be embedded in the URL.
const shown = url.replace(/\/\/[^@/]*@/, '//***@');

async function attempt() {
  // Short server-selection timeout: one attempt must not eat the whole deadline.
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await client.connect();
    await client.db().admin().ping();
  } finally {
    await client.close().catch(() => {});
  }
}

(async () => {
  let lastErr;
  // Always make at least one attempt, even with a zero deadline (status checks).
  for (;;) {
    try {
      await attempt();
      console.log(`mongo ready at ${shown}`);
      process.exit(0);
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(500);
  }
  console.error(`wait-mongo: ${shown} not ready: ${lastErr.message}`);
  process.exit(1);
})();
