// What the process pool promises when things go wrong: a process that dies is out of
// the pool at once and its job fails naming the signal; a failed job gives its
// process back; a parent killed with SIGKILL leaves no child burning; a failure ends
// the run at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expectCount,
  expectPeakConcurrency,
  livingMembers,
  readTrace,
  runExample,
  select,
  settlesWithin,
  startExample,
} from '@concurrency/harness';
import { nowMs, TRACE_FILE_VAR } from '@concurrency/trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../src/cpu-task.ts';
import { ProcessPool } from '../src/process-pool.ts';
import { calibrate, nominal } from '../src/setup.ts';
import { expectJobError, jobSpans } from './specs.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let unitsPerMs = 0;
beforeAll(() => {
  unitsPerMs = calibrate();
});
const job = (n: number, ms: number, fail = false): Job => ({
  part: 'executor',
  n,
  units: Math.round(unitsPerMs * ms),
  fail,
});
/** A job that would burn for minutes: it ends only if its process does. */
const endless = (n: number): Job => ({ part: 'executor', n, units: 2 ** 40 });

/** A pool whose processes (forked in the constructor) write to a trace. */
const traceFolders: string[] = [];
afterAll(() => {
  for (const folder of traceFolders) rmSync(folder, { recursive: true, force: true });
});
function tracedPool(size: number) {
  const folder = mkdtempSync(join(tmpdir(), 'offload-trace-'));
  traceFolders.push(folder);
  const file = join(folder, 'trace.jsonl');
  process.env[TRACE_FILE_VAR] = file;
  try {
    return { pool: new ProcessPool(size), trace: () => readTrace(file) };
  } finally {
    delete process.env[TRACE_FILE_VAR];
  }
}

/** How long until none of `pids`, members of process group `pgid`, is alive (zombies aside). */
async function goneWithin(pgid: number, pids: number[], ms: number): Promise<number> {
  const from = nowMs();
  for (;;) {
    const alive = livingMembers(pgid).filter((member) => pids.includes(member.pid));
    if (alive.length === 0) return nowMs() - from;
    if (nowMs() - from > ms) {
      throw new Error(
        `${alive.map((m) => `${m.command} ${m.pid}`).join(', ')} alive after ${ms} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Settles once the pool has only `left` processes. */
async function noticed(pool: ProcessPool, left: number): Promise<void> {
  while (pool.pids.length > left) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A job's outcome as words, with its rejection handled from the start. */
const outcome = (job: Promise<unknown>): Promise<string> =>
  job.then(
    () => 'resolved',
    (error: Error) => `rejected: ${error.message}`,
  );

/** A pool of `size` for one test, closed however the test ends. */
async function withPool(size: number, body: (pool: ProcessPool) => Promise<void>) {
  const pool = new ProcessPool(size);
  try {
    await body(pool);
  } finally {
    await pool.close();
  }
}

/** The outcome if it is settled by the next turn of the event loop, else 'pending'. */
const soon = (settled: Promise<string>): Promise<string> =>
  Promise.race([settled, new Promise<string>((resolve) => setImmediate(resolve, 'pending'))]);

describe.concurrent('a process of the pool that dies', () => {
  it('while idle is out of the pool at once: every job after runs on the other', async () => {
    const { pool, trace } = tracedPool(2);
    try {
      await pool.ready;
      const [victim, survivor] = pool.pids;
      process.kill(victim!, 'SIGKILL');
      // Noticed without any job being sent: the pool's own listeners.
      await settlesWithin(5000, 'the pool noticing the death', noticed(pool, 1));
      expect(pool.pids).toEqual([survivor]);
      const results = await settlesWithin(
        10_000,
        'the jobs after the death',
        Promise.all([2, 3, 4].map((n) => pool.submit(job(n, 20)))),
      );
      expect(results.map((result) => result.square)).toEqual([4, 9, 16]);
    } finally {
      await pool.close();
    }
    const starts = select(trace(), { event: 'start' });
    expect(new Set(starts.map((event) => event.pid))).toEqual(new Set([starts[0]!.pid]));
  });

  it('mid-job fails that job, naming the signal; the other process goes on', async () => {
    const pool = new ProcessPool(2);
    try {
      await pool.ready;
      const lost = pool.submit(endless(2));
      const kept = pool.submit(job(3, 20));
      process.kill(pool.pids[0]!, 'SIGKILL');
      await expect(settlesWithin(5000, 'the lost job', lost)).rejects.toThrow(
        'process 1 was killed by SIGKILL',
      );
      expect((await kept).square).toBe(9);
    } finally {
      await pool.close();
    }
  });

  it('when it was the last one, mid-job: its job, the queued ones and any later one fail at once', async () => {
    const pool = new ProcessPool(1);
    try {
      await pool.ready;
      const running = pool.submit(endless(2));
      const queued = [pool.submit(job(3, 20)), pool.submit(job(4, 20))].map(outcome);
      process.kill(pool.pids[0]!, 'SIGKILL');
      await expect(settlesWithin(5000, 'the lost job', running)).rejects.toThrow(
        'process 1 was killed by SIGKILL',
      );
      // The queued jobs fail in the same moment as the running one, not later, and
      // not never: by the next turn of the loop they have settled.
      const left = 'rejected: no process is left in the pool (process 1 was killed by SIGKILL)';
      expect(await Promise.all(queued.map(soon))).toEqual([left, left]);
      // The pool has dropped its last process: a job submitted now is refused at
      // once, not queued for a process that will never come.
      expect(await soon(outcome(pool.submit(job(5, 20))))).toBe(left);
    } finally {
      await pool.close();
    }
  });

  it('while another lives, the queued jobs wait for it: only the dead one’s job fails', async () => {
    await withPool(2, async (pool) => {
      await pool.ready;
      const lost = pool.submit(endless(2));
      const busy = outcome(pool.submit(endless(3)));
      const queued = outcome(pool.submit(job(4, 20)));
      process.kill(pool.pids[0]!, 'SIGKILL');
      await expect(settlesWithin(5000, 'the lost job', lost)).rejects.toThrow(
        'process 1 was killed by SIGKILL',
      );
      // Process 2 is still in the pool, so the queued job is still its to run.
      expect(await soon(queued)).toBe('pending');
      // Only when the last one dies is there nobody left for it.
      process.kill(pool.pids[0]!, 'SIGKILL');
      expect(await settlesWithin(5000, 'the busy job', busy)).toBe(
        'rejected: process 2 was killed by SIGKILL',
      );
      expect(await soon(queued)).toMatch(/^rejected: no process is left in the pool/);
    });
  });

  it('when it was the last one, a job fails at once instead of waiting forever', async () => {
    const pool = new ProcessPool(1);
    await pool.ready;
    process.kill(pool.pids[0]!, 'SIGKILL');
    await expect(
      settlesWithin(5000, 'a job with no process', pool.submit(job(2, 20))),
    ).rejects.toThrow('process 1 was killed by SIGKILL');
    await pool.close();
  });
});

describe('the queue', () => {
  it('holds a job submitted while the processes still start, and runs it once one is ready', async () => {
    await withPool(1, async (pool) => {
      const early = pool.submit(job(2, 20));
      const result = await settlesWithin(10_000, 'a job submitted before ready', early);
      expect(result.square).toBe(4);
    });
  });

  it('is first in, first out: one process runs the jobs in the order they were submitted', async () => {
    await withPool(1, async (pool) => {
      await pool.ready;
      const order: number[] = [];
      const jobs = [2, 3, 4, 5].map((n) =>
        pool.submit(job(n, 20)).then((result) => order.push(result.n)),
      );
      await settlesWithin(10_000, 'four short jobs on one process', Promise.all(jobs));
      expect(order).toEqual([2, 3, 4, 5]);
    });
  });
});

describe('a failed job', () => {
  it('gives its process back: more jobs than processes all run, two at a time', async () => {
    const { pool, trace } = tracedPool(2);
    try {
      await pool.ready;
      await expect(pool.submit(job(1, 20, true))).rejects.toThrow('failed on purpose');
      const results = await settlesWithin(
        20_000,
        'the jobs after a failure',
        Promise.all([2, 3, 4, 5].map((n) => pool.submit(job(n, 150)))),
      );
      expect(results.map((result) => result.square)).toEqual([4, 9, 16, 25]);
    } finally {
      await pool.close();
    }
    // The failed job started and threw: it has no finish, so it is not a span.
    const events = trace().filter((event) => event.n !== 1);
    expectCount(events, { event: 'finish' }, 4);
    expectPeakConcurrency(events, jobSpans('executor'), { atLeast: 2, atMost: 2 });
  });
});

describe('the program, when its run is cut short', () => {
  it('SIGKILL to the parent mid-job: both children leave at once, quietly, unfinished', async () => {
    // At scale 1 the jobs burn 2 s and 3 s: children left to run would finish them.
    // Unfinished is the firm claim: a child that ran its job on would trace the job's
    // finish before it left, which the count below forbids, and the trace is read only
    // once every child is gone. The wall clock gives only a loose ceiling, against a
    // child that never leaves: idle they go in well under the 2 s job, but a loaded
    // machine stopped them for 2.3 s once, and they left as soon as they ran again.
    const ceilingMs = 2 * Math.max(...nominal.poolJobs) * nominal.secondMs;
    const running = startExample(packageDir, {
      scale: 1,
      args: ['--only', 'executor'],
      leftBehindGraceMs: ceilingMs,
    });
    await running.waitForOutput(/^Process 1: burning/);
    await running.waitForOutput(/^Process 2: burning/);
    // The pool's children only, by their bundle's name: esbuild, bundling it on a cold
    // cache, may still be running beside them.
    const children = livingMembers(running.pid)
      .filter((member) => /child-\w+\.mjs/.test(member.command))
      .map((member) => member.pid);
    expect(children).toHaveLength(nominal.poolSize);
    process.kill(running.pid, 'SIGKILL');
    await goneWithin(running.pid, children, ceilingMs);
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGKILL', stderr: '', leftBehind: false });
    expectCount(run.trace, { event: 'finish', part: 'executor' }, 0);
  });

  it('Ctrl-C to the parent alone, mid-job: nothing left behind, nothing on stderr', async () => {
    const running = startExample(packageDir, { scale: 1, args: ['--only', 'executor'] });
    await running.waitForOutput(/^Process \d: burning/);
    running.signal('SIGINT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGINT', stderr: '', leftBehind: false });
    expectCount(run.trace, { event: 'finish', part: 'executor' }, 0);
  });

  it('a job that throws ends the run at once: the other job is stopped, not waited for', async () => {
    // At scale 1 the other job burns 3 s (longer on a loaded machine): waited for, the
    // exit comes after all of it and its finish is traced; stopped, the exit comes
    // sooner (under 1 s idle, 1.9 s seen under CI's load) and it never finishes.
    const run = await runExample(packageDir, {
      scale: 1,
      args: ['--fail', 'process', '--only', 'executor'],
      env: { CONCURRENCY_DEBUG: '1' },
    });
    const exitedAt = nowMs();
    // Main rejects with the child's own error and stack, as for a thread's job (see
    // offload-cpu.test.ts), and exits 1.
    expectJobError(run, /at .*child\.ts/);
    const [failed] = select(run.trace, { actor: 'process-1', event: 'start' });
    const otherMs = Math.max(...nominal.poolJobs) * nominal.secondMs;
    expect(exitedAt - failed!.t).toBeLessThan(otherMs);
    expectCount(run.trace, { event: 'finish', part: 'executor' }, 0);
  });
});
