// The Atomics mutex, the RLock and Atomics.add under contention: several threads,
// hundreds of thousands of operations, no sleeps. The lesson's own run proves mutual
// exclusion on 80 sections spaced by sleeps, which a lock that is almost right also
// passes; here a lock that lets two threads in once in a million tries is caught.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { settlesWithin } from '@concurrency/harness';
import { workerEntry } from '@concurrency/trace';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicsLock } from '../src/atomics-lock.ts';
import { STEP, type StressJob, WORDS, word } from './stress-job.ts';

const threads = 6;
const atLeast = 200_000;
const workerFile = new URL('./stress-worker.ts', import.meta.url);
const started: Worker[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.terminate()));
});

function start(job: StressJob): Worker {
  const worker = new Worker(workerEntry(workerFile), { workerData: job });
  started.push(worker);
  return worker;
}

// A lock that is not one indivisible step lets two threads in only when both reach
// it in the same few nanoseconds, so the threads must be truly running at once,
// which a machine shared with other work grants only some of the time. So they do
// not stop after a fixed number of operations (on a busy machine each would do its
// share inside one time slice, one after another, never meeting): they all run
// together until main says stop, after `forMs` and at least `atLeast` operations in
// all. A lock that loads and then stores, planted by hand, failed every run of the
// mutex test below, at 1000 ms, with the machine's 2 cores under a load average of
// 17 (8 runs of 8) and pinned to one of them, busy (14 of 14); at 500 ms, pinned, it
// slipped through 4 runs of 14.
async function stress(mode: 'mutex' | 'rlock' | 'add', forMs: number) {
  const shared = new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT);
  const words = new Int32Array(shared);
  const workers = Array.from({ length: threads }, () => start({ shared, mode }));
  // Each says 'ready' and sleeps on the go word (`once` rejects if one throws first).
  await Promise.all(workers.map((worker) => once(worker, 'message')));
  const reports = workers.map(async (worker) => {
    const [report] = await once(worker, 'message');
    return report as { operations: number; intruders: number };
  });
  const exits = workers.map((worker) => once(worker, 'exit'));
  Atomics.store(words, word.go, 1);
  Atomics.notify(words, word.go);
  const stopped = stopWhenDone(words, forMs);
  const results = await Promise.race([Promise.all(reports), stopped.neverWoken]);
  stopped.cancel();
  await Promise.all(exits);
  const operations = results.reduce((sum, report) => sum + report.operations, 0);
  const intruders = results.reduce((sum, report) => sum + report.intruders, 0);
  return { operations, intruders, counter: Atomics.load(words, word.counter), words };
}

// Say stop once `forMs` have passed and `atLeast` operations are done. A lock that
// forgets to wake a sleeper leaves it asleep forever: fail naming that, well before
// the test runner's hang timeout.
const deadlineMs = 20_000;
function stopWhenDone(words: Int32Array, forMs: number) {
  const began = performance.now();
  const poll = setInterval(() => {
    const enough = Atomics.load(words, word.progress) * STEP >= atLeast;
    if (enough && performance.now() - began >= forMs) {
      Atomics.store(words, word.stop, 1);
      clearInterval(poll);
    }
  }, 10);
  let timer: NodeJS.Timeout | undefined;
  const neverWoken = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      Atomics.store(words, word.stop, 1);
      reject(new Error(`expected every thread to stop within ${deadlineMs} ms: one never woke`));
    }, deadlineMs);
  });
  return {
    neverWoken,
    cancel: () => {
      clearInterval(poll);
      clearTimeout(timer);
    },
  };
}

describe('under contention, with no sleeps', () => {
  it(`the Atomics mutex: ${threads} threads, at least ${atLeast} lock/unlock, exact total, nobody else ever inside`, async () => {
    const run = await stress('mutex', 1000);
    expect(run.operations).toBeGreaterThanOrEqual(atLeast);
    expect(run.counter).toBe(run.operations);
    expect(run.intruders).toBe(0);
    expect(Atomics.load(run.words, word.lock)).toBe(0);
  });

  it(`the Atomics RLock, taken twice and released twice each time: exact total, nobody else inside`, async () => {
    const run = await stress('rlock', 300);
    expect(run.operations).toBeGreaterThanOrEqual(atLeast);
    expect(run.counter).toBe(run.operations);
    expect(run.intruders).toBe(0);
    expect(Atomics.load(run.words, word.lock)).toBe(0);
  });

  it(`Atomics.add: ${threads} threads, at least ${atLeast} adds, exact total`, async () => {
    const run = await stress('add', 100);
    expect(run.operations).toBeGreaterThanOrEqual(atLeast);
    expect(run.counter).toBe(run.operations);
  });
});

describe('acquire(timeout)', () => {
  it("like Python's lock.acquire(timeout=...), gives up on a lock held by its own thread, after the timeout", async () => {
    const shared = new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT);
    const worker = start({ shared, mode: 'timeout' });
    // A wait that ignored its timeout would never answer: the worker is ended after.
    const [report] = await settlesWithin(
      5000,
      'acquire(50) on a lock its own thread holds to give up',
      once(worker, 'message'),
    );
    expect(report).toMatchObject({ again: false, stillMine: true, afterRelease: true });
    expect(report.waitedMs).toBeGreaterThanOrEqual(45);
  });
});

describe('the mutex knows its owner', () => {
  it('a thread that does not hold the lock cannot unlock it: it throws, and the lock stays held', async () => {
    const shared = new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT);
    const words = new Int32Array(shared);
    const mine = new AtomicsLock(words, word.lock);
    mine.lock();
    const worker = start({ shared, mode: 'unlock-foreign' });
    const [report] = await once(worker, 'message');
    expect(report).toEqual({ refused: 'unlock by a thread that does not hold the lock' });
    expect(mine.heldByMe()).toBe(true);
    mine.unlock();
    expect(Atomics.load(words, word.lock)).toBe(0);
  });
});
