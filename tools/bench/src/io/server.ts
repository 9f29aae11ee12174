// The server the I/O figure downloads from, in a process of its own so that its work
// is not on any client's thread: every answer waits `latencyMs`, then sends 1200
// bytes with a Content-Length (so a hand-written client knows where a body ends).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const latencyMs = Number(process.argv[2] ?? 2);
const body = Buffer.alloc(1200, 'x');
const server = createServer((_, response) => {
  setTimeout(() => {
    response.writeHead(200, { 'content-length': body.length, 'content-type': 'text/plain' });
    response.end(body);
  }, latencyMs);
});
server.keepAliveTimeout = 60_000;
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
// The bench ends the server by closing the channel.
process.on('disconnect', () => process.exit(0));
