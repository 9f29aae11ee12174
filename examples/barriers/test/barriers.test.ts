import { fileURLToPath } from 'node:url';
import {
  expectAllBefore,
  expectCount,
  expectDuration,
  expectStdoutMatchesTrace,
  expectUsageError,
  type RunResult,
  readmeMismatch,
  runExample,
  select,
  spanWithoutCpuWait,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal, workMs } from '../src/setup.ts';
import { figure } from './figure.ts';
import { pythonRows } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;
const { parties, rounds, stepMs } = nominal;

// The claim: in every round, no party departs before the last one has arrived.
function barrierSpec(trace: Trace, actor: RegExp): void {
  expectCount(trace, { actor, event: 'arrive' }, parties * rounds);
  expectCount(trace, { actor, event: 'depart' }, parties * rounds);
  expectAllBefore(
    trace,
    { actor, event: 'arrive' },
    { actor, event: 'depart' },
    { groupBy: 'round' },
  );
}

// Each command's run, started once and read by every test that needs it: the person's
// runs just below, the --fail runs, the Python table's and the README's.
const personRuns = new Map<string, Promise<RunResult>>();
function personRun(flags: string[]): Promise<RunResult> {
  const key = flags.join(' ');
  const run = personRuns.get(key) ?? runExample(packageDir, { scale, args: flags });
  personRuns.set(key, run);
  return run;
}

// The same lesson twice: worker threads at a SharedArrayBuffer barrier (default),
// async tasks at a barrier of promises (--async).
describe.each([
  { mode: 'worker threads', flags: [] as string[], actor: /^worker-\d$/, kind: 'worker' },
  { mode: 'async tasks', flags: ['--async'], actor: /^task-\d$/, kind: 'task' },
])('$mode', ({ flags, actor, kind }) => {
  describe('run as a person runs it', () => {
    let run: RunResult;
    beforeAll(async () => {
      run = await personRun(flags);
    });

    it('exits 0 with nothing on stderr and nothing left running', () => {
      expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
    });

    it('in every round, no party departs before the last one arrives', () => {
      barrierSpec(run.trace, actor);
    });

    it('main reports the end only after every departure', () => {
      expectAllBefore(run.trace, { actor, event: 'depart' }, { actor: 'main', event: 'finish' });
    });

    // How closely the departures follow each other is up to the OS scheduler, not the
    // barrier: the figure reports it (under a millisecond when the machine is idle, tens
    // of milliseconds when it is busy), no test bounds it.
    it('its figure reads the rule held every round, and the departure spread', () => {
      expect(figure(run.trace, scale)).toMatch(
        /^4 parties × 3 rounds; last arrival before first departure every round; departures spread [\d.]+ ms$/,
      );
    });

    it('prints exactly the lines its trace records', () => {
      expectStdoutMatchesTrace(run.stdout, run.trace);
    });

    // "arrives at round 2 (after 1.0 s)" is a figure: the work it names is the plan's,
    // and the trace shows the party took at least that long since it departed the
    // round before (0.9x: timers may fire a little early), and not three times as long
    // (plus a quarter second for a timer that a busy machine serves late).
    it('the work time each arrival prints is the plan, and the trace agrees with it', () => {
      for (const arrive of select(run.trace, { actor, event: 'arrive' })) {
        const round = arrive.round as number;
        const party = Number(arrive.actor.split('-')[1]);
        const planned = workMs(party, round, parties);
        expect(arrive.text).toMatch(`(after ${(planned / 1000).toFixed(1)} s)`);
        if (round === 1) continue;
        const [departed] = select(run.trace, {
          actor: arrive.actor,
          event: 'depart',
          round: round - 1,
        });
        const took = arrive.t - departed!.t;
        expect(took, `${arrive.actor} round ${round}`).toBeGreaterThanOrEqual(
          0.9 * planned * scale,
        );
        // The maximum less the time a thread waited for a core: the machine's share.
        expect(
          spanWithoutCpuWait(run.trace, departed!, arrive),
          `${arrive.actor} round ${round}`,
        ).toBeLessThan(3 * planned * scale + 250);
      }
    });
  });

  it('--no-barrier: parties depart before the last one arrives, so the spec fails', async () => {
    const run = await runExample(packageDir, { scale, args: [...flags, '--no-barrier'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    expect(() => barrierSpec(run.trace, actor)).toThrow(TraceCheckError);
    expect(figure(run.trace, scale)).toBe(
      '4 parties × 3 rounds; a departure before the last arrival in 3 of 3 rounds',
    );
  });

  describe.concurrent('a broken barrier stops everyone, instead of a hang', () => {
    it('--fail 2: a party dies, main breaks the barrier, the others get BrokenBarrierError', async () => {
      const run = await personRun([...flags, '--fail', '2']);
      expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
      expect(run.stderr).toBe(
        `barriers: ${kind} 2 died before reaching the barrier in round 3; ` +
          `the barrier broke, and 3 other ${kind}s got BrokenBarrierError`,
      );
      const dead = `${kind}-2`;
      const others = [0, 1, 3].map((party) => `${kind}-${party}`);
      // Rounds 1 and 2 went through; in round 3 the dead party never arrived.
      expectCount(run.trace, { actor: dead, event: 'arrive' }, rounds - 1);
      expectCount(run.trace, { actor, event: 'depart', round: rounds }, 0);
      // Each survivor gave up, and only after main broke the barrier.
      expectCount(run.trace, { actor: others, event: 'broken', round: rounds }, parties - 1);
      expectAllBefore(run.trace, { actor: 'main', event: 'abort' }, { event: 'broken' });
      // Party 2 works least in round 3, so it usually dies before the others arrive.
      // Whoever arrived after main broke the barrier was refused at once, never put
      // to sleep. (A party that arrived before may have slept and been woken by the
      // break: on a twice-loaded machine one did, and either way is right then.)
      const [abort] = expectCount(run.trace, { actor: 'main', event: 'abort' }, 1);
      for (const party of others) {
        const [arrived] = expectCount(
          run.trace,
          { actor: party, event: 'arrive', round: rounds },
          1,
        );
        if (arrived!.t < abort!.t) continue;
        const [broken] = select(run.trace, { actor: party, event: 'broken' });
        expect(broken!.text).toMatch(/\(arrived at a broken barrier\)$/);
      }
    });

    it('--stall 1 --timeout 2500: a wait times out and breaks the barrier for all', async () => {
      // Longer than any wait of a normal round (3 steps, 1.5 s), shorter than the wait
      // for the late party (6.5 s for the first to arrive in round 3).
      const timeoutMs = 2500;
      const args = [...flags, '--stall', '1', '--timeout', String(timeoutMs)];
      const run = await runExample(packageDir, { scale, args });
      expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
      expect(run.stderr).toMatch(
        new RegExp(
          `^barriers: ${kind} \\d in round 3: a wait timed out after 500 ms; ` +
            `the barrier broke, and 3 other ${kind}s got BrokenBarrierError$`,
        ),
      );
      const late = `${kind}-1`;
      const others = [0, 2, 3].map((party) => `${kind}-${party}`);
      expectCount(run.trace, { actor, event: 'broken', round: rounds }, parties);
      // The first to give up waited its full timeout (0.9x at least), not until the late
      // party came (6.5 s, 2.6x): the bound sits halfway, at 1.8x.
      const [timedOut] = run.trace.filter(
        (event) => event.event === 'broken' && String(event.text).includes('timed out'),
      );
      expect(timedOut).toBeDefined();
      expectDuration(run.trace, {
        from: { actor: timedOut!.actor, event: 'arrive', round: rounds },
        to: { actor: timedOut!.actor, event: 'broken' },
        nominalMs: timeoutMs,
        scale,
        atMost: 1.8,
      });
      // Nobody waited for the late party: all had given up before it came.
      expectAllBefore(
        run.trace,
        { actor: others, event: 'broken' },
        { actor: late, event: 'arrive', round: rounds },
      );
    });
  });
});

describe('without a timeout, a late party is simply waited for', () => {
  it('--stall 1: the others wait the extra 5 s for it, then all depart', async () => {
    const run = await runExample(packageDir, { scale, args: ['--stall', '1'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    const actor = /^worker-\d$/;
    barrierSpec(run.trace, actor);
    // Worker 1 works 4 steps in round 3, plus the stall, after round 2's release; the
    // spec above says nobody departed round 3 before it arrived. Without the stall the
    // round would last 4 steps (0.3x), so 0.9x proves everyone waited for it.
    expectDuration(run.trace, {
      from: { actor, event: 'depart', round: rounds - 1 },
      to: { actor: 'worker-1', event: 'arrive', round: rounds },
      nominalMs: 4 * stepMs + nominal.stallMs,
      scale,
      atMost: 2,
    });
  });
});

// Each row of the root README's Python table runs its command (the same run as the
// test above, where it is one) and shows the API it names.
describe('the Python table', () => {
  it.each(pythonRows)('$python: $args', async ({ args, shows }) => {
    expect((await personRun(args)).stdout).toMatch(shows);
  });
});

describe('the README', () => {
  it('shows the output of a real run, the default one (worker threads)', async () => {
    const run = await personRun([]);
    expect(run.exitCode).toBe(0);
    expect(readmeMismatch(`${packageDir}/README.md`, run.stdout)).toBeUndefined();
  });
});

describe.concurrent('Ctrl-C', () => {
  it.each([[[] as string[]], [['--async']]])(
    '%j: SIGINT while parties sleep in the barrier ends the run, leaving nothing running',
    async (flags) => {
      const running = startExample(packageDir, { scale, args: flags });
      await running.waitForOutput(/arrives at round 1/);
      running.signal('SIGINT');
      const run = await running.done;
      expect(run.signal === 'SIGINT' || (run.exitCode ?? 0) !== 0).toBe(true);
      expect(run).toMatchObject({ leftBehind: false, timedOut: false });
    },
  );
});

describeCommandLine(packageDir, cli);

describe.concurrent('a flag that names a party must name one that exists', () => {
  it.each([
    [['--fail', '4'], '--fail must name a party from 0 to 3, got "4"'],
    [['--stall', '2', '--parties', '2'], '--stall must name a party from 0 to 1, got "2"'],
  ])('%j: %s', async (args, message) => {
    expectUsageError(await runExample(packageDir, { scale, args }), message);
  });
});
