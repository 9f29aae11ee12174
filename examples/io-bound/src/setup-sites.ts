// The "sites": a loopback HTTP server standing in for the internet, so nothing leaves
// the machine. Each answer waits a nominal latency (scaled like every sleep) and
// carries a body of known size; every request's arrival and answer go to the trace,
// so a test sees from the server's side how many downloads were in flight at once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emit, scaled, sleep } from '@concurrency/trace';

/** The body size of each site: site 0 sends 1200 bytes, site 1 2400, and so on. */
export const siteBytes = (site: number): number => 1200 * (site + 1);

export interface Sites {
  origin: string;
  /** Hold the next answers until `count` requests are open at once (see `gate`). */
  expect(count: number, version?: string): void;
  /** When the last `expect` was met (or gave up), on the trace's clock. */
  openedAt(): number;
  /** The most requests open at one moment since the last call. */
  peak(): number;
  close(): Promise<void>;
}

/** `failAt` (--fail): that download gets a 500, the next one a connection reset. */
export async function startSites(latencyMs: number, failAt?: number): Promise<Sites> {
  let [open, peak] = [0, 0];
  const held = gate(latencyMs);
  held.expect(1);
  const server = createServer(async (request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://x');
    const [, site = 0, id = 0] = pathname
      .split('/')
      .map((part) => Number(part.replace('site-', '')));
    const fields = { id, site, version: searchParams.get('v') ?? '' };
    peak = Math.max(peak, ++open);
    emit('server', 'request', undefined, fields);
    response.on('close', () => {
      open--;
      emit('server', 'respond', undefined, { ...fields, status: response.statusCode });
    });
    await held.until(open);
    await sleep(latencyMs);
    if (id === failAt) response.writeHead(500).end('failed on purpose');
    else if (failAt !== undefined && id === failAt + 1) request.socket.destroy();
    else response.writeHead(200).end('x'.repeat(siteBytes(site)));
  });
  // Thousands of connections may arrive at once under --many.
  server.listen({ host: '127.0.0.1', port: 0, backlog: 65_535 });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    expect: held.expect,
    openedAt: () => held.openedAt,
    peak: () => {
      const seen = peak;
      peak = open;
      return seen;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets would hold close() for seconds
      }),
  };
}

// Proof machinery, not the lesson: a version's first answers wait until as many
// requests are open as the version should reach (5 for a pool of 5 threads, the whole
// batch for Promise.all). Threads and processes boot one by one, far apart on a busy
// machine, and the first member up could otherwise take the first URLs alone. The
// gate only delays answers, so it cannot show more in flight than the client sent. A
// version that never gets there (the --sequential contrast) is let through once no
// new request has come for 2 s + 10 latencies, and its peak falls short.
function gate(latencyMs: number) {
  let [want, label, timer] = [1, '', undefined as NodeJS.Timeout | undefined];
  let [opened, release] = [Promise.resolve(), () => {}];
  const state = {
    openedAt: Number.NaN,
    expect(count: number, version = '') {
      [want, label, state.openedAt] = [count, version, Number.NaN];
      opened = new Promise<void>((resolve) => {
        release = () => {
          clearTimeout(timer);
          if (!Number.isNaN(state.openedAt)) return;
          state.openedAt = emit('server', 'open', undefined, { version: label, want }).t;
          resolve();
        };
      });
    },
    until(open: number): Promise<void> {
      clearTimeout(timer);
      if (open >= want) release();
      else if (Number.isNaN(state.openedAt)) {
        timer = setTimeout(release, 2000 + scaled(10 * latencyMs)).unref();
      }
      return opened;
    },
  };
  return state;
}
