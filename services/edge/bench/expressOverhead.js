// What Express itself costs a proxied request (run: `node services/edge/bench/expressOverhead.js`):
// autocannon against a no-op upstream directly, a bare Node proxy to it, and the same proxy as
// the only middleware of an Express app, twice each, in one run.
const { fork } = require('node:child_process');
const path = require('node:path');
const autocannon = require('autocannon');

const start = (file, args = []) =>
  new Promise((resolve) => {
    const child = fork(path.join(__dirname, file), args, { stdio: 'ignore' });
    child.once('message', (m) => resolve({ port: m.port, child }));
  });

(async () => {
  const upstream = await start('noopUpstream.js');
  const bare = await start('bareProxy.js', [String(upstream.port)]);
  const express = await start('bareProxy.js', [String(upstream.port), 'express']);
  const targets = [['upstream direct', upstream.port], ['bare Node proxy', bare.port], ['same proxy in Express', express.port]];
  try {
    for (const round of [1, 2]) {
      for (const [label, port] of targets) {
        const r = await autocannon({ url: `http://127.0.0.1:${port}/graphs/x`, connections: 50, duration: 5 });
        console.log(`round ${round}  ${label.padEnd(22)} ${String(Math.round(r.requests.average)).padStart(7)} req/s  p99 ${r.latency.p99} ms`);
      }
    }
  } finally {
    for (const { child } of [upstream, bare, express]) child.kill();
  }
})();
