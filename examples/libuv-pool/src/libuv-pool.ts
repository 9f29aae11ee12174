// libuv's thread pool: the threads behind Node's asynchronous crypto, fs, zlib and
// dns.lookup. JavaScript runs on one thread, the event loop's; crypto.pbkdf2 hands
// its work to a pool thread and its callback comes back to the loop when the work is
// done. The pool has 4 threads unless UV_THREADPOOL_SIZE says otherwise, read once
// per process, the first time anything uses the pool. Sockets, timers and child
// processes do not use it: the loop waits on those itself.
// asyncio's twin is loop.run_in_executor(None, ...), its default executor.
import { fork } from 'node:child_process';
import { pbkdf2, pbkdf2Sync } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emit, nowMs, runnableChild, scaled, timeScale } from '@concurrency/trace';

/** The sizes the lesson is written in; the work of one call shrinks with the time scale. */
export const nominal = {
  calls: 8,
  /** PBKDF2-SHA512 rounds of one call: about a third of a second of one core, at scale 1. */
  iterations: 250_000,
  /** The heartbeat's period: the loop, when free, beats this often. */
  beatMs: 50,
  /** libuv's own default, and part two's UV_THREADPOOL_SIZE. */
  defaultPool: 4,
  pool: 8,
} as const;

/** What a child process is asked to do (child.ts). */
export type Job = { calls: number; sync?: boolean; fail?: number; late?: number };

// Work, not a sleep, but scaled like one: the tests hash a fifth as much.
const rounds = () => Math.max(1, Math.round(nominal.iterations * timeScale()));
// The callback API, as a promise: node:util's promisify, as asyncio wraps a future.
const pbkdf2OnPool = promisify(pbkdf2);

// Python: await loop.run_in_executor(None, hashlib.pbkdf2_hmac, 'sha512', pw, salt, n)
// crypto.pbkdf2 queues the work for a pool thread and returns at once; the promise
// settles on the loop when a thread has done it. A digest that does not exist fails.
export function hashOnPool(call: number, digest = 'sha512'): Promise<Buffer> {
  return pbkdf2OnPool('password', `salt-${call}`, rounds(), 64, digest);
}

// Python: hashlib.pbkdf2_hmac(...) called inside a coroutine, not in an executor.
// pbkdf2Sync does the same work on the loop's own thread: nothing else runs meanwhile,
// not a timer, not a socket's data, not another call's callback. Every *Sync call of
// fs, crypto and zlib does this: fine in a script's start-up, not in a server.
function hashOnLoop(call: number): Buffer {
  return pbkdf2Sync('password', `salt-${call}`, rounds(), 64, 'sha512');
}

// A heartbeat: a timer that beats every 50 ms while the loop is free to run it.
// Stopping it says the longest wait between two beats: how long the loop was stuck.
function heartbeat(): () => number {
  let last = nowMs();
  let longest = 0;
  const timer = setInterval(() => {
    longest = Math.max(longest, nowMs() - last);
    last = nowMs();
    emit('loop', 'beat', undefined); // traced, not printed
  }, scaled(nominal.beatMs));
  return () => {
    clearInterval(timer);
    return Math.max(longest, nowMs() - last);
  };
}

// Python: await asyncio.gather(*(loop.run_in_executor(None, ...) for i in range(8)))
// Every call is queued at once; the pool runs as many as it has threads, and each
// that ends frees a thread for the next in the queue. `sync` hashes on the loop.
export async function hashAtOnce({ calls, sync = false, fail }: Job): Promise<void> {
  const stop = heartbeat();
  const began = nowMs();
  const one = async (call: number) => {
    emit(`call-${call}`, 'submit', undefined, { call });
    if (sync) hashOnLoop(call);
    else await hashOnPool(call, call === fail ? 'no-such-digest' : 'sha512');
    const ms = Math.round(nowMs() - began);
    emit(`call-${call}`, 'done', `pbkdf2 ${call} done at ${ms} ms`, { call });
  };
  // Promise.all rejects at the first failure; the calls already queued run on.
  try {
    await Promise.all(Array.from({ length: calls }, (_, call) => one(call)));
  } finally {
    const gap = Math.round(stop());
    emit('loop', 'gap', `Longest wait between heartbeats: ${gap} ms`, { gap });
  }
}

// Python: ThreadPoolExecutor(max_workers=8). Node's pool is one per process, sized
// when it starts: so the size goes in the environment of a new process. fork()
// starts child.ts with `pool` threads, or libuv's default 4 when `pool` is undefined.
export async function hashInProcess(job: Job, pool?: number): Promise<void> {
  // A copy of this process's environment, without any size of its own (the default).
  const env = { ...process.env };
  delete env.UV_THREADPOOL_SIZE;
  if (pool !== undefined) env.UV_THREADPOOL_SIZE = String(pool);
  // The one project call: runnableChild hands Node child.ts bundled into JavaScript.
  const { url, execArgv } = runnableChild(new URL('./child.ts', import.meta.url));
  const child = fork(fileURLToPath(url), [JSON.stringify(job)], { env, execArgv });
  // What the child says went wrong comes over the IPC channel; its exit, on 'close'.
  // (An exception does not cross a process boundary by itself.)
  let failed: string | undefined;
  child.on('message', (message: { failed: string }) => {
    failed = message.failed;
  });
  // process.join(): 'close' comes once the child has exited and its pipes are shut.
  const [code, signal] = await once(child, 'close');
  // A child that failed, or was killed, fails this call, named.
  const name = `the process with ${pool ?? nominal.defaultPool} pool threads`;
  if (failed !== undefined) throw new Error(`${name} failed: ${failed}`);
  if (code !== 0) throw new Error(`${name} ended with ${code ?? signal}`);
}
