// The Node twin of the Python side, line for line: `connections` raw keep-alive
// sockets (net.connect, as asyncio.open_connection), each sending its share of GETs
// one after another and reading each answer by its Content-Length. No HTTP library
// on either side, so the pair compares the two event loops, not fetch with a socket.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

const request = Buffer.from('GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');

function share(port: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let buffered = Buffer.alloc(0);
    let left = count;
    socket.on('error', reject);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(
          /content-length:\s*(\d+)/i.exec(buffered.subarray(0, end).toString())?.[1],
        );
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.subarray(end + 4 + length);
        if (--left === 0) {
          socket.end();
          once(socket, 'close').then(() => resolve(), reject);
          return;
        }
        socket.write(request);
      }
    });
  });
}

/** Milliseconds for `count` GETs over `connections` sockets, each opened inside the clock. */
export async function rawBatch(port: number, count: number, connections: number): Promise<number> {
  const begin = performance.now();
  const shares = Array.from(
    { length: connections },
    (_, i) => Math.floor(count / connections) + (i < count % connections ? 1 : 0),
  );
  await Promise.all(shares.filter((n) => n > 0).map((n) => share(port, n)));
  return performance.now() - begin;
}
