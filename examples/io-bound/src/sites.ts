// The other side of every download: the sites. The example serves them itself, on
// 127.0.0.1, so nothing leaves the machine and a test can count what arrives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '@concurrency/trace';
import { siteOf } from './download.ts';

/** The body size of each site: site 0 sends 1200 bytes, site 1 2400, and so on. */
export const siteBytes = (site: number): number => 1200 * (site + 1);

// How a site answers: it waits its latency (a real site's time to think and send,
// scaled like every sleep), then sends its body. The answer waits on a timer, not on
// the CPU: that is why one thread can have a thousand of them open at once. `failAt`
// (--fail) answers that download with a 500 and resets the next one's connection.
export function answerAfter(latencyMs: number, failAt?: number) {
  // The server calls this for each request as it arrives, without waiting for the
  // previous answer: each call sits at its own await, all on the server's one thread.
  return async (request: IncomingMessage, response: ServerResponse) => {
    const { site, id } = siteOf(request.url ?? '/');
    await sleep(latencyMs);
    if (id === failAt) response.writeHead(500).end('failed on purpose');
    // Destroying the socket mid-request is what a crashed server or a dropped
    // connection looks like to the client: no status at all, a socket error.
    else if (failAt !== undefined && id === failAt + 1) request.socket.destroy();
    else response.writeHead(200).end('x'.repeat(siteBytes(site)));
  };
}
