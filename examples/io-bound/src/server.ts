// The "sites": a loopback HTTP server that stands in for the internet, so nothing
// leaves the machine. Each response waits a nominal latency (scaled by the time
// scale, like every sleep) and carries a body of a known size. The server traces the
// start and end of every request, so the test sees from the server's side how many
// downloads were in flight at once.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emit, sleep } from '@concurrency/trace';

/** The body size of each site: site 0 sends 1200 bytes, site 1 2400, and so on. */
export const siteBytes = (site: number): number => 1200 * (site + 1);

export interface ServerOptions {
  latencyMs: number;
  /** --fail: this download gets a 500, the next one a connection reset. */
  failAt?: number;
  /** --many: hold every answer until this many requests are open at once (or a timeout). */
  holdUntil?: number;
}

export interface Sites {
  origin: string;
  /** The most requests that were open at one moment since the last call. */
  peak(): number;
  close(): Promise<void>;
}

/** Start the sites on 127.0.0.1 and a free port (port 0: the kernel picks one). */
export async function startSites(options: ServerOptions): Promise<Sites> {
  let open = 0;
  let peak = 0;
  const held = holdGate(options.holdUntil);
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const [, siteName, idText] = request.url?.split('?')[0]?.split('/') ?? [];
    const site = Number(siteName?.replace('site-', ''));
    const id = Number(idText);
    const version = new URL(request.url ?? '/', 'http://x').searchParams.get('v') ?? '';
    open++;
    peak = Math.max(peak, open);
    emit('server', 'request', undefined, { id, site, version });
    response.on('close', () => {
      open--;
      emit('server', 'respond', undefined, { id, site, version, status: response.statusCode });
    });
    await held(open);
    await sleep(options.latencyMs);
    if (id === options.failAt) {
      response.writeHead(500).end('failed on purpose');
    } else if (options.failAt !== undefined && id === options.failAt + 1) {
      request.socket.destroy(); // a reset: the connection dies mid-request
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(siteBytes(site)));
    }
  });
  // Thousands of connections may arrive at once in --many mode.
  server.listen({ host: '127.0.0.1', port: 0, backlog: 65_535 });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    peak: () => {
      const seen = peak;
      peak = open;
      return seen;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}

// Proof machinery for --many, not the lesson: every answer waits until `count`
// requests are open, so the run shows the whole batch in flight at once whatever the
// machine's speed. A request that never arrives cannot hang it: after 10 s (unscaled)
// the gate opens anyway, and the peak the test reads falls short.
function holdGate(count: number | undefined): (open: number) => Promise<void> {
  if (count === undefined) return async () => {};
  let release: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  const timeout = setTimeout(release, 10_000);
  timeout.unref();
  return (open) => {
    if (open >= count) release();
    return opened;
  };
}
