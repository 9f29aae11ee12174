// Downloading the same sites four ways, as the Python lessons do: one after another,
// all at once on one thread, a pool of worker threads, a pool of child processes.
// Each version is a function from a list of URLs to their outcomes.
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
// the requests.Session: it keeps the one connection open from download to download.
export async function downloadSequentially(urls: string[]): Promise<Outcome[]> {
  const agent = new Agent();
  const outcomes: Outcome[] = [];
  for (const url of urls) outcomes.push(await downloadSite(url, agent, 'main'));
  await agent.close();
  return outcomes;
}

// 2. asyncio.gather over aiohttp: every fetch starts before any is awaited, and the
// one thread waits on all their sockets at once. `connections` is aiohttp's
// TCPConnector(limit=N): at most N sockets (unset: one per download).
export async function downloadAllAtOnce(urls: string[], connections?: number) {
  const agent = new Agent({ connections: connections ?? null });
  const outcomes = await Promise.all(urls.map((url) => downloadSite(url, agent, 'main')));
  await agent.close();
  return outcomes;
}

// 3. ThreadPoolExecutor(max_workers=5): 5 worker threads take URLs from one queue.
// For waiting on sockets a thread adds nothing Promise.all lacks: it is a whole V8
// isolate (tens of ms and megabytes to start) spent to hold one connection.
const workerFile = new URL('./worker.ts', import.meta.url);
export function downloadInThreads(urls: string[], size: number, sequential = false) {
  const start = (member: number) => new Worker(workerEntry(workerFile), { workerData: member });
  return runPool(urls, { size, sequential, name: 'thread', start });
}

// 4. multiprocessing.Pool(initializer=set_global_session): the same queue, with
// processes for members; the URLs and outcomes cross over the IPC channel.
const childFile = new URL('./child.ts', import.meta.url);
export function downloadInProcesses(urls: string[], size: number, sequential = false) {
  const { url, execArgv } = runnableChild(childFile);
  const start = (member: number) => fork(fileURLToPath(url), [String(member)], { execArgv });
  return runPool(urls, { size, sequential, name: 'process', start });
}

interface Pool {
  size: number;
  /** The broken contrast: each member runs to its end before the next starts. */
  sequential: boolean;
  name: string;
  start: (member: number) => Worker | ChildProcess;
}

// The pool both versions share, shaped like ThreadPoolExecutor's: one work queue, and
// members that each take the next URL whenever they are free, until it is empty. No
// member owns a share of the URLs: a slow one simply takes fewer.
async function runPool(urls: string[], { size, sequential, name, start }: Pool) {
  const queue = [...urls];
  const outcomes: Outcome[] = [];
  const members: (Worker | ChildProcess)[] = [];
  const ended: Promise<void>[] = [];
  try {
    for (let index = 0; index < size; index++) {
      const member = start(index);
      members.push(member);
      // A member's message carries the outcome of its last URL (none the first time)
      // and asks for the next one; an answer without a URL means the queue is empty.
      member.on('message', ({ outcome }: { outcome?: Outcome }) => {
        if (outcome) outcomes.push(outcome);
        const answer = { url: queue.shift() };
        if (member instanceof Worker) member.postMessage(answer);
        else member.send(answer, () => {}); // a callback: a dead child's send is no crash
      });
      // 'exit' fires once, so it is listened to from the start: a member that dies
      // fails the run instead of leaving it waiting for ever.
      const exit = once(member, 'exit') as Promise<[number | null, string | null]>;
      ended.push(
        exit.then(([code, signal]) => {
          if (signal) throw new Error(`${name} ${index} was killed by ${signal}`);
          if (code !== 0) throw new Error(`${name} ${index} exited with code ${code}`);
        }),
      );
      if (sequential) await ended[index];
    }
    await Promise.all(ended);
    return outcomes;
  } finally {
    for (const member of members) {
      if (member instanceof Worker) void member.terminate();
      else member.kill();
    }
    await Promise.allSettled(ended);
  }
}
