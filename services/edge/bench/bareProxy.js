// The cheapest Node proxy there is (no auth, no limits, no logging): the ceiling any Node edge
// proxying to the same upstream on the same machine can reach. Args: the upstream port.
const http = require('node:http');
const upstreamPort = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const server = http.createServer((req, res) => {
  const outgoing = http.request({ hostname: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent }, (upstream) => {
    res.writeHead(upstream.statusCode ?? 502, upstream.headers);
    upstream.pipe(res);
  });
  outgoing.on('error', () => res.destroy());
  req.pipe(outgoing);
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
