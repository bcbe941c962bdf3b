// The cheapest Node proxy there is (no auth, no limits, no logging): the ceiling any Node edge
// proxying to the same upstream on the same machine can reach. Args: the upstream port, and
// `express` to run the same proxy as the only middleware of an Express app (what Express costs).
const http = require('node:http');
const upstreamPort = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const proxy = (req, res) => {
  const outgoing = http.request({ hostname: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent }, (upstream) => {
    res.writeHead(upstream.statusCode ?? 502, upstream.headers);
    upstream.pipe(res);
  });
  outgoing.on('error', () => res.destroy());
  req.pipe(outgoing);
};
const server = http.createServer(process.argv[3] === 'express' ? require('express')().use(proxy) : proxy);
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
