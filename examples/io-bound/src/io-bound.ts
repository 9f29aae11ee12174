import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runnableChild, StartLine, workerEntry } from '@concurrency/trace';
import { Agent } from 'undici';
import { downloadInTurn, downloadSite, type Outcome } from './download.ts';

/** The lesson's numbers: the Python programs' 2 sites x 80, and a latency per answer. */
export const nominal = {
  sites: 2,
  times: 80,
  latencyMs: 50,
  /** `ThreadPoolExecutor(max_workers=5)`. */
  threads: 5,
} as const;

// 1. One after another: `for url in sites: download_site(url, session)`. One Agent
// is the requests.Session: it keeps the connection open between downloads.
export async function downloadSequentially(urls: string[]): Promise<Outcome[]> {
  const agent = new Agent();
  try {
    return await downloadInTurn(urls, agent, 'main');
  } finally {
    await agent.close();
  }
}

// 2. All at once on one thread: asyncio.gather over aiohttp. Every fetch is started
// before any is awaited; the thread waits for all of them at once. `connections`
// caps the sockets per server (unset: one per request, the whole batch at once).
export async function downloadAllAtOnce(urls: string[], connections?: number): Promise<Outcome[]> {
  const agent = new Agent({ connections: connections ?? null });
  try {
    return await Promise.all(urls.map((url) => downloadSite(url, agent, 'main')));
  } finally {
    await agent.close();
  }
}

/** When a pool's version starts (every member ready) and stops (every outcome in). */
export interface Clock {
  start: () => void;
  stop: () => void;
}
const noClock: Clock = { start: () => {}, stop: () => {} };

/** Each member of a pool gets every `size`-th download: its share. */
function shares(urls: string[], size: number): string[][] {
  return Array.from({ length: size }, (_, member) => urls.filter((_, i) => i % size === member));
}

// 3. Worker threads: ThreadPoolExecutor(max_workers=5). Each thread downloads its
// share one by one with its own Agent (threading.local's session). For waiting on
// sockets a thread adds nothing Promise.all lacks: it is a whole V8 isolate (tens of
// ms, megabytes) spent to hold one connection. `sequential` runs each to its end
// before starting the next, the broken contrast.
const workerFile = new URL('./worker.ts', import.meta.url);
export async function downloadInThreads(
  urls: string[],
  { size = nominal.threads as number, sequential = false } = {},
  clock: Clock = noClock,
): Promise<Outcome[]> {
  const line = StartLine.create();
  if (sequential) line.fire();
  const workers: Worker[] = [];
  const results: Promise<Outcome[]>[] = [];
  try {
    for (const [member, share] of shares(urls, size).entries()) {
      const worker = new Worker(workerEntry(workerFile), {
        workerData: { member, urls: share, line: line.buffer },
      });
      workers.push(worker);
      results.push(outcomesOf(worker, `thread ${member}`));
      if (sequential) await results[member];
    }
    await releaseTogether(line, size, results, clock.start);
    const outcomes = (await Promise.all(results)).flat();
    clock.stop();
    return outcomes;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

// A worker posts its outcomes, then ends. 'exit' is listened to the moment it starts:
// it fires once, and a worker that threw or exited early must fail the run, not hang it.
async function outcomesOf(worker: Worker, name: string): Promise<Outcome[]> {
  const [outcomes] = await Promise.race([
    once(worker, 'message') as Promise<[Outcome[]]>,
    once(worker, 'exit').then(([code]) => {
      throw new Error(`${name} exited with code ${code} before answering`);
    }),
  ]);
  return outcomes;
}

// Proof machinery, not the lesson: threads boot tens of ms apart, so each waits at a
// start line and all are released at once; the test then sees 5 requests in flight,
// not the boot's spread. A worker that dies before it arrives cannot hang this.
async function releaseTogether(
  line: StartLine,
  size: number,
  results: Promise<unknown>[],
  onStart: () => void,
) {
  await Promise.race([line.allArrived(size), Promise.all(results)]);
  onStart();
  line.fire();
}

// 4. Child processes: multiprocessing.Pool(initializer=set_global_session). Each
// process downloads its share with its own Agent; outcomes come back over IPC.
const childFile = new URL('./child.ts', import.meta.url);
export async function downloadInProcesses(
  urls: string[],
  { size = 2, sequential = false } = {},
  clock: Clock = noClock,
): Promise<Outcome[]> {
  const { url, execArgv } = runnableChild(childFile);
  const children = shares(urls, size).map((share, member) => ({
    child: fork(fileURLToPath(url), [String(member)], { execArgv }),
    share,
  }));
  const ended = children.map(({ child }, member) =>
    once(child, 'exit').then(([code]) => {
      if (code !== 0) throw new Error(`process ${member} exited with code ${code}`);
    }),
  );
  try {
    const results: Outcome[][] = [];
    if (sequential) {
      for (const [member, { child, share }] of children.entries()) {
        await allReady([child], [ended[member]!]);
        if (member === 0) clock.start();
        results.push(await goAndCollect(child, share, ended[member]!));
      }
    } else {
      await allReady(
        children.map(({ child }) => child),
        ended,
      );
      clock.start();
      results.push(
        ...(await Promise.all(
          children.map(({ child, share }, member) => goAndCollect(child, share, ended[member]!)),
        )),
      );
    }
    clock.stop();
    await Promise.all(ended);
    return results.flat();
  } finally {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.allSettled(ended);
  }
}

async function goAndCollect(
  child: ChildProcess,
  share: string[],
  ended: Promise<void>,
): Promise<Outcome[]> {
  const answer = once(child, 'message') as Promise<[Outcome[]]>;
  child.send({ urls: share });
  const [outcomes] = await Promise.race([answer, ended.then(() => [[]] as [Outcome[]])]);
  return outcomes;
}

// Proof machinery, like the start line: each child says it is ready (its boot is
// hundreds of ms on Node 20) and only then do all get their share at once.
async function allReady(children: ChildProcess[], ended: Promise<void>[]) {
  await Promise.race([
    Promise.all(children.map((child) => once(child, 'message'))),
    Promise.all(ended).then(() => {
      throw new Error('a process ended before it was ready');
    }),
  ]);
}
