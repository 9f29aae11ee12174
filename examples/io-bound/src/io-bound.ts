// Downloading the same sites four ways, as the Python lessons do: one after another,
// all at once on one thread, a pool of worker threads, a pool of child processes.
// Each version takes the list of URLs and gives back one outcome per URL. Waiting on
// a socket costs no CPU, so what differs is only how many downloads are in flight.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runnableChild, workerEntry } from '@concurrency/trace';
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
  // Closing the Agent closes its kept-alive socket; left open, it would keep the
  // program from ending until the server drops it.
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

// 3. ThreadPoolExecutor(max_workers=5): 5 worker threads take URLs from one queue.
// For waiting on sockets a thread adds nothing Promise.all lacks: it is a whole V8
// isolate (tens of ms and megabytes to start) spent to hold one connection.
// A worker inherits main's Node flags (`--import tsx` under pnpm start) unless told
// otherwise; its bundled entry needs none, and tsx booting again in each of them
// made the pool about three times slower to start on a busy machine.
const workerFile = new URL('./worker.ts', import.meta.url);
export function downloadInThreads(urls: string[], size: number, sequential = false) {
  const options = (member: number) => ({ workerData: member, execArgv: [] });
  const start = (member: number) => new Worker(workerEntry(workerFile), options(member));
  return runPool(urls, size, sequential, start);
}

// 4. multiprocessing.Pool(initializer=set_global_session): the same queue, with
// processes as members. `fork` opens an IPC channel to each: the URLs go down it and
// the outcomes come back, as JSON, where the threads' travel by structured clone.
const childFile = new URL('./child.ts', import.meta.url);
export function downloadInProcesses(urls: string[], size: number, sequential = false) {
  const { url, execArgv } = runnableChild(childFile);
  const start = (member: number) => fork(fileURLToPath(url), [String(member)], { execArgv });
  return runPool(urls, size, sequential, start);
}

// The pool both versions share, shaped like ThreadPoolExecutor's: one work queue, and
// `size` members that each take the next URL whenever they are free, until it is
// empty. No member owns a share of the URLs: one that boots late or runs slow simply
// takes fewer. `sequential` is the broken contrast: each member runs to its end (and
// so drains the whole queue) before the next one starts.
// A Worker and a ChildProcess differ in how they are started and sent to, and in
// little else: both emit 'message' and 'exit', so one pool drives either.
type Start = (member: number) => Worker | ChildProcess;
async function runPool(urls: string[], size: number, sequential: boolean, start: Start) {
  const queue = [...urls];
  const outcomes: Outcome[] = [];
  const members: (Worker | ChildProcess)[] = [];
  const ended: Promise<void>[] = [];
  try {
    for (let index = 0; index < size; index++) {
      const member = start(index);
      members.push(member);
      // A member's message is the outcome of its last URL (none the first time) and
      // its ask for the next one. Main answers at once: the queue is only ever read
      // here, on main's one thread, so two members can never be handed the same URL.
      // An answer without a URL says the queue is empty, and the member ends.
      member.on('message', ({ outcome }: { outcome?: Outcome }) => {
        if (outcome) outcomes.push(outcome);
        const answer = { url: queue.shift() };
        if (member instanceof Worker) member.postMessage(answer);
        else member.send(answer, () => {}); // a callback: a dead child's send is no crash
      });
      // 'exit' fires once, so it is listened to from the start: a member that dies
      // fails the run, named by its exit code or the signal that killed it.
      const name = `${member instanceof Worker ? 'thread' : 'process'} ${index}`;
      ended.push(
        once(member, 'exit').then(([code, signal]) => {
          if (signal) throw new Error(`${name} was killed by ${signal}`);
          if (code !== 0) throw new Error(`${name} exited with code ${code}`);
        }),
      );
      if (sequential) await ended[index];
    }
    await Promise.all(ended);
    return outcomes;
  } finally {
    // On a failure the others are stopped too: nothing is left running.
    for (const member of members) {
      if (member instanceof Worker) void member.terminate();
      else member.kill();
    }
    await Promise.allSettled(ended);
  }
}
