// The sites on a loopback HTTP server (port 0: the kernel picks a free one). Around
// each answer of sites.ts it traces when the request arrived and when it was
// answered, counts how many were open at once, and holds answers at the gate below.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emit, scaled } from '@concurrency/trace';
import { siteOf } from './download.ts';
import { answerAfter } from './sites.ts';

export type Sites = Awaited<ReturnType<typeof startSites>>;

/** `sites = [site_a, site_b] * 80`: download `id` is of site `id % sites`. */
export const siteUrls = (origin: string, sites: number, count: number, version: string) =>
  Array.from({ length: count }, (_, id) => `${origin}/site-${id % sites}/${id}?v=${version}`);

export async function startSites(latencyMs: number, failAt?: number) {
  const answer = answerAfter(latencyMs, failAt);
  const held = gate(latencyMs);
  let [open, peak] = [0, 0];
  const server = createServer(async (request, response) => {
    const version = request.url?.split('?v=')[1] ?? '';
    // The client's port tells its connections apart: a kept-alive one keeps its port.
    const fields = { ...siteOf(request.url ?? '/'), version, port: request.socket.remotePort ?? 0 };
    peak = Math.max(peak, ++open);
    emit('server', 'request', undefined, fields);
    response.on('close', () => {
      open--;
      emit('server', 'respond', undefined, { ...fields, status: response.statusCode });
    });
    await held.until(open);
    await answer(request, response);
  });
  // Thousands of connections may arrive at once under --many.
  server.listen({ host: '127.0.0.1', port: 0, backlog: 65_535 });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Hold the next answers until `count` requests are open at once (see `gate`). */
    expect: held.expect,
    /** When the last `expect` was met (or gave up), on the trace's clock. */
    openedAt: () => held.openedAt,
    /** The most requests open at one moment since the last call. */
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
// new request has come for 10 latencies plus 2 s, or plus twice the time its first
// request took to come (a member's boot: the gaps between members stay below it).
function gate(latencyMs: number) {
  let [want, label, timer] = [1, '', undefined as NodeJS.Timeout | undefined];
  let [expectedAt, patience] = [0, 0];
  let [opened, release] = [Promise.resolve(), () => {}];
  const state = {
    openedAt: Number.NaN,
    expect(count: number, version = '') {
      [want, label, state.openedAt] = [count, version, Number.NaN];
      [expectedAt, patience] = [performance.now(), 0];
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
        patience ||= Math.max(2000, 2 * (performance.now() - expectedAt)) + scaled(10 * latencyMs);
        timer = setTimeout(release, patience).unref();
      }
      return opened;
    },
  };
  state.expect(1);
  return state;
}
