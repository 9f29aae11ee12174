// Downloading the same sites four ways, as the Python lessons do: one after another,
// all at once on one thread (here), a pool of worker threads (threads.ts), a pool of
// child processes (processes.ts). Each version takes the list of URLs and gives back
// one outcome per URL. Waiting on a socket costs no CPU, so what differs is only how
// many downloads are in flight.
import { Agent } from 'undici';
import { downloadSite, type Outcome } from './download.ts';

/** The lesson's numbers: the Python programs' 2 sites x 80, and a latency per answer. */
export const nominal = { sites: 2, times: 80, latencyMs: 50, threads: 5 } as const;

// 1. `for url in sites: download_site(url, session)`: one at a time. The Agent is
// the requests.Session: it keeps the connection open from download to download. Its
// one connection is said outright: uncapped, undici opens a second socket, because
// the first is still being released when the next fetch asks for one.
export async function downloadSequentially(urls: string[]): Promise<Outcome[]> {
  const agent = new Agent({ connections: 1 });
  const outcomes: Outcome[] = [];
  // The await inside the loop is the point: the next download starts only when this
  // one has its answer, so the thread spends the whole run waiting on one socket.
  for (const url of urls) outcomes.push(await downloadSite(url, agent, 'main'));
  // Closing the Agent closes its kept-alive socket; left open, it lasts until the
  // server drops it (here the server does, when it closes at the end of the run).
  await agent.close();
  return outcomes;
}

// 2. asyncio.gather over aiohttp: every fetch starts before any is awaited, and the
// one thread waits on all their sockets at once. `connections` is aiohttp's
// TCPConnector(limit=N): at most N sockets (unset: one per download).
export async function downloadAllAtOnce(urls: string[], connections?: number) {
  const agent = new Agent({ connections: connections ?? null });
  // map() calls downloadSite for every URL now, and each runs to its first await:
  // all the requests are out. Promise.all only waits, and keeps the URLs' order.
  const outcomes = await Promise.all(urls.map((url) => downloadSite(url, agent, 'main')));
  await agent.close();
  return outcomes;
}
