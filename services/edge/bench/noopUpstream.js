// A no-op upstream for the benchmark: answers every request 200 with a tiny JSON body.
const http = require('node:http');
const body = '{"ok":true}';
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => process.send?.({ port: server.address().port }));
