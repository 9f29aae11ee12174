import { fileURLToPath } from 'node:url';
import {
  expectAllBefore,
  expectCount,
  expectDuration,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  livingMembers,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal } from '../src/nominal.ts';
import { NEEDS_REDIS, onPath, shutDown, startRedisServer } from '../src/setup-redis.ts';
import { figure, paymentRuns, squareSpans } from './figure.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;
const slots = nominal.workers * nominal.concurrency;

// Without redis-server (or REDIS_URL) these tests cannot run here: they say so in
// their titles and are skipped, except under CI, where they run and fail.
const haveRedis = Boolean(process.env.REDIS_URL) || onPath('redis-server') !== undefined;
const skip = !haveRedis && !process.env.CI;
const withRedis = skip ? describe.skip : describe;
const why = skip ? ` (skipped: this machine ${NEEDS_REDIS})` : '';

// Part 1: every job runs exactly once, and its result reaches the producer.
function onceEachSpec(trace: Trace): void {
  const ids = [
    ...Array.from({ length: nominal.jobs }, (_, i) => `square-${i + 1}`),
    ...Array.from({ length: 2 * nominal.concurrency }, (_, i) => `after-${i + 1}`),
  ];
  for (const job of ids) {
    expectCount(trace, { actor: /^worker-/, event: 'start', job }, 1);
    expectCount(trace, { actor: /^worker-/, event: 'finish', job }, 1);
    expectCount(trace, { actor: 'producer', event: 'result', job }, 1);
    expectAllBefore(trace, { event: 'finish', job }, { actor: 'producer', event: 'result', job });
  }
}

// Part 1: with more jobs than slots, exactly workers x concurrency run at one moment,
// and no worker ever runs more than its concurrency.
function peakSpec(trace: Trace): void {
  expectPeakConcurrency(trace, squareSpans, { atLeast: slots, atMost: slots });
  for (let w = 0; w < nominal.workers; w++) {
    const actor = `worker-${w}`;
    const start = { ...squareSpans.start, actor };
    const end = { ...squareSpans.end, actor };
    expectPeakConcurrency(trace, { ...squareSpans, start, end }, { atMost: nominal.concurrency });
  }
}

// Part 2: flaky fails twice and succeeds on its third attempt; the waits between
// attempts follow the exponential backoff: about 1x, then 2x the delay (firm
// minimum, loose maximum); doomed fails all three and the producer says so.
function retrySpec(trace: Trace): void {
  expectCount(trace, { actor: /^worker-/, event: 'start', job: 'flaky' }, nominal.attempts);
  expectCount(trace, { actor: /^worker-/, event: 'fail', job: 'flaky' }, nominal.attempts - 1);
  expectCount(trace, { actor: /^worker-/, event: 'finish', job: 'flaky' }, 1);
  for (const job of ['flaky', 'doomed']) {
    for (let attempt = 1; attempt < nominal.attempts; attempt++) {
      expectDuration(trace, {
        from: { event: 'fail', job, attempt },
        to: { event: 'start', job, attempt: attempt + 1 },
        nominalMs: nominal.backoffMs * 2 ** (attempt - 1),
        scale,
        atMost: 3,
      });
    }
  }
  expectCount(trace, { actor: /^worker-/, event: 'fail', job: 'doomed' }, nominal.attempts);
  expectCount(trace, { actor: /^worker-/, event: 'finish', job: 'doomed' }, 0);
  expectCount(
    trace,
    {
      actor: 'producer',
      event: 'failed',
      job: 'doomed',
      state: 'failed',
      attempts: nominal.attempts,
    },
    1,
  );
}

// Part 3: the worker running payment is killed after recording the effect; once its
// lock has expired another worker runs the job again, yet the ledger holds it once.
function exactlyOnceSpec(trace: Trace): void {
  const starts = select(trace, { actor: /^worker-/, event: 'start', job: 'payment' });
  const [kill] = expectCount(trace, { actor: 'producer', event: 'kill' }, 1);
  if (starts.length < 2 || starts[0]!.actor !== kill!.worker || starts[1]!.actor === kill!.worker) {
    throw new TraceCheckError({
      rule: 'payment runs on the killed worker, then again on another one',
      culprits: [...starts, kill!],
      trace,
    });
  }
  expectAllBefore(
    trace,
    (e) => e === starts[0],
    (e) => e === kill,
  );
  expectAllBefore(
    trace,
    (e) => e === kill,
    (e) => e === starts[1],
  );
  // Taken again only after the lock ran out: at least about one lockDuration later.
  expectDuration(trace, {
    from: (e) => e === starts[0],
    to: (e) => e === starts[1],
    nominalMs: nominal.lockMs,
    scale,
    atMost: 4,
  });
  expectCount(trace, { event: 'effect', job: 'payment', recorded: true }, 1);
  expectCount(trace, { actor: 'producer', event: 'ledger', entries: 1 }, 1);
}

// Part 4: SIGTERM lets the running job finish, no new job starts on that worker,
// it exits 0, and the job is not run again.
function gracefulSpec(trace: Trace): void {
  const [term] = expectCount(trace, { actor: 'producer', event: 'sigterm' }, 1);
  const worker = String(term!.worker);
  const [closing] = expectCount(trace, { actor: worker, event: 'closing' }, 1);
  const [start] = expectCount(trace, { actor: /^worker-/, event: 'start', job: 'report' }, 1);
  const [finish] = expectCount(trace, { actor: worker, event: 'finish', job: 'report' }, 1);
  expect(start!.actor).toBe(worker);
  expectAllBefore(
    trace,
    (e) => e === closing,
    (e) => e === finish,
  );
  const later = select(trace, { actor: worker, event: 'start' }).filter((e) => e.t > closing!.t);
  if (later.length > 0) {
    throw new TraceCheckError({
      rule: `${worker} starts no job after it began closing`,
      culprits: [closing!, ...later],
      trace,
    });
  }
  expectCount(trace, { actor: 'producer', event: 'exited', worker, code: '0' }, 1);
}

const maskWorkers = (line: string) => line.replace(/worker-\d+/g, 'worker-N');

withRedis(`task-queue, run as a person runs it${why}`, () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  });

  it('exits 0 with nothing on stderr, and no worker or redis-server left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('each job runs exactly once and its result comes back to the producer', () => {
    onceEachSpec(run.trace);
  });

  it('at the peak, workers x concurrency jobs run at once, never more per worker', () => {
    peakSpec(run.trace);
  });

  it('a failing job is retried with exponential backoff; one failing every attempt ends failed', () => {
    retrySpec(run.trace);
  });

  it('a worker killed mid-job: another runs the job again, its effect is recorded once', () => {
    exactlyOnceSpec(run.trace);
  });

  it('SIGTERM: the worker finishes its job, takes no new one and exits 0', () => {
    gracefulSpec(run.trace);
  });

  it('leaves none of its keys in Redis', () => {
    expectCount(run.trace, { actor: 'main', event: 'keys', left: 0 }, 1);
  });

  it('its figure reads the peak and the killed job from the trace', () => {
    expect(figure(run.trace, scale)).toBe(
      `${slots} jobs at once on ${nominal.workers} worker processes; the killed job ran 2×, recorded 1×`,
    );
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run, worker numbers aside', () => {
    const readme = `${packageDir}/README.md`;
    expect(readmeMismatchMasked(readme, run.stdout, maskWorkers)).toBeUndefined();
  });
});

withRedis(`the broken contrast fails the spec, every run${why}`, () => {
  it('--no-idempotency: the job that ran twice is recorded twice', async () => {
    const run = await runExample(packageDir, { scale, args: ['--no-idempotency'] });
    expect(run).toMatchObject({ exitCode: 0, leftBehind: false });
    expect(() => exactlyOnceSpec(run.trace)).toThrow(TraceCheckError);
    expect(paymentRuns(run.trace)).toEqual({ runs: 2, recorded: 2 });
    expectCount(run.trace, { actor: 'producer', event: 'ledger', entries: 2 }, 1);
  });
});

withRedis(`failures are reported, never waited out${why}`, () => {
  it('Redis going away mid-run: producer and workers say so and exit non-zero, promptly', async () => {
    const redis = await startRedisServer();
    try {
      const running = startExample(packageDir, { scale, env: { REDIS_URL: redis.url } });
      await running.waitForOutput(/runs square-1 /);
      const killedAt = performance.now();
      await shutDown(redis.url);
      const run = await running.done;
      const tookMs = performance.now() - killedAt;
      expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
      expect(run.stderr.trim()).toMatch(/^task-queue: lost Redis: no answer for \d+ ms$/);
      expectCount(run.trace, { actor: 'producer', event: 'lost-redis' }, 1);
      expectCount(run.trace, { actor: /^worker-/, event: 'lost-redis' }, nominal.workers);
      for (let w = 0; w < nominal.workers; w++) {
        expectCount(run.trace, { event: 'exited', worker: `worker-${w}`, code: '1' }, 1);
      }
      // Giving up takes giveUpMs (scaled); the rest is the processes ending.
      expect(tookMs).toBeLessThan(scaled(nominal.giveUpMs) + 8000);
    } finally {
      await redis.stop();
    }
  });

  it('a worker process that dies unbidden: the producer names it, stops the rest, exits 1', async () => {
    const running = startExample(packageDir, { scale });
    await running.waitForOutput(/^# \d+ worker processes/);
    // The workers are the node processes of the run's group besides the producer.
    const [victim] = livingMembers(running.pid).filter(
      (member) => member.pid !== running.pid && /node/.test(member.command),
    );
    process.kill(victim!.pid, 'SIGKILL');
    const run = await running.done;
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
    expect(run.stderr.trim()).toMatch(
      /^task-queue: worker-\d ended \(SIGKILL\) in the middle of the run$/,
    );
  });

  it('SIGKILL to the producer, which cannot clean up: workers and redis-server still go', async () => {
    const running = startExample(packageDir, { scale });
    await running.waitForOutput(/runs square-1 /);
    running.signal('SIGKILL');
    const run = await running.done;
    // Workers see the IPC channel close; the server's keeper sees its pipe close.
    expect(run).toMatchObject({ signal: 'SIGKILL', leftBehind: false, timedOut: false });
  });

  it('Ctrl-C stops the workers and its redis-server: nothing is left running', async () => {
    const running = startExample(packageDir, { scale });
    await running.waitForOutput(/runs square-1 /);
    running.signal('SIGINT');
    const run = await running.done;
    expect(run.exitCode).not.toBe(0);
    expect(run).toMatchObject({ leftBehind: false, timedOut: false });
    expect(run.stderr.trim()).toBe('task-queue: interrupted (Ctrl-C): everything stopped');
  });
});

describe('without Redis', () => {
  it('--jobs no more than workers x concurrency exits 2 with one line', async () => {
    const run = await runExample(packageDir, { scale, args: ['--jobs', '6'] });
    expectUsageError(run, '--jobs 6 must be more than workers x concurrency (6)');
  });

  it('no redis-server on PATH and no REDIS_URL: one line on what to install, exit 2', async () => {
    const run = await runExample(packageDir, {
      scale,
      env: { PATH: '/nonexistent', REDIS_URL: '' },
    });
    expect(expectUsageError(run, NEEDS_REDIS)).toBe(`task-queue: ${NEEDS_REDIS}`);
  });

  it.runIf(!haveRedis && process.env.CI)('CI runs every test above: it must have Redis', () => {
    throw new Error(`CI must run the task-queue tests, but this machine ${NEEDS_REDIS}`);
  });
});

describeCommandLine(packageDir, cli);

function scaled(ms: number): number {
  return ms * scale;
}
