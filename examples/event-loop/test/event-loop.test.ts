import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expectAllBefore,
  expectStdoutMatchesTrace,
  HANG_TIMEOUT_MS,
  livingMembers,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  startExample,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal } from '../src/starve.ts';
import { nominal as toy } from '../src/toy-program.ts';
import { figure } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';
import {
  canBeJudged,
  fixedOrder,
  heartbeatAround,
  heartbeatSpec,
  laterPlacementSpec,
  nodeOrderSpec,
  toySpec,
} from './specs.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// At scale 1 the recursion spins 1000 ms against a 100 ms heartbeat. A loaded machine
// can stop every process for far more than its usual tens of ms: one series run saw a
// 467 ms pause in two examples at once. Beside a 1000 ms recursion such a pause still
// reads as a free loop, and the nextTick contrast's whole second does not.
const scale = 1;

// A run the heartbeat kept alive would hang: stopped at this deadline, its trace shows
// the beats that went on after the part had ended.
const hangTimeoutMs = HANG_TIMEOUT_MS * 0.7;

/**
 * A run the machine gave no more than one beat of its recursion cannot tell a free
 * loop from a starved one (the spec refuses it, canBeJudged). Such a run is set aside,
 * as the run itself measured it, and the program runs again: three runs at most, and
 * the claims are checked on the last one, whatever it shows.
 */
async function judgeableRun(args: string[] = []): Promise<RunResult> {
  for (let attempts = 1; ; attempts++) {
    const result = await runExample(packageDir, { scale, hangTimeoutMs, args });
    if (attempts === 3 || canBeJudged(result.trace, scale)) return result;
  }
}

describe.concurrent('event-loop, run as a person runs it, and its contrast', () => {
  let run: RunResult;
  let starved: RunResult;
  beforeAll(
    async () => {
      [run, starved] = await Promise.all([judgeableRun(), judgeableRun(['--next-tick'])]);
    },
    3 * hangTimeoutMs + 15_000,
  );

  it('exits 0 with nothing on stderr and nothing left running', () => {
    for (const each of [run, starved]) {
      expect(each).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
    }
  });

  it('one turn runs sync code, then nextTick, then promises, then the phases; in I/O, setImmediate first', () => {
    nodeOrderSpec(run.trace);
    nodeOrderSpec(starved.trace);
  });

  it("the toy loop runs the program in asyncio's order, its timers never early", () => {
    toySpec(run.trace, scale);
  });

  it('beside a setImmediate recursion the heartbeat keeps beating', () => {
    heartbeatSpec(run.trace, scale);
    const { during, recurseMs } = heartbeatAround(run.trace);
    expect(recurseMs).toBe(nominal.recurseMs);
    expect(during).toBeGreaterThan(0);
  });

  it("the heartbeat is cancelled when its part ends: no beat after the part's last line", () => {
    for (const each of [run, starved]) {
      expectAllBefore(each.trace, { actor: 'heartbeat' }, { actor: 'main', event: 'beats' });
    }
  });

  it('--next-tick: the heartbeat stops for the whole recursion, and the same spec rejects it', () => {
    expect(() => heartbeatSpec(starved.trace, scale)).toThrow(/the heartbeat never pauses/);
    const { gap, during, recurseMs } = heartbeatAround(starved.trace);
    expect(during).toBe(0);
    expect(gap.ms).toBeGreaterThanOrEqual(0.9 * recurseMs * scale);
    expect(starved.stdout).toMatch(/^heartbeat: 0 beats while the recursion ran$/m);
  });

  it('its figure reads a pause near one period beside setImmediate, the whole recursion beside nextTick', () => {
    const pause = (text: string) => Number(/pause (\d+) ms/.exec(text)![1]);
    const ran = nominal.recurseMs * scale;
    // Counted in the time the process ran, as the spec counts it: a loaded machine's
    // stops are left out, and the figure says how long they were.
    const line = (recursion: string) =>
      new RegExp(
        `^heartbeat's longest pause \\d+ ms beside a ${ran} ms ${recursion} recursion( \\(the \\d+ ms the machine stopped it left out\\))?$`,
      );
    const shown = figure(run.trace, scale);
    expect(shown).toMatch(line('setImmediate'));
    const free = heartbeatAround(run.trace);
    expect(pause(shown)).toBeLessThan((nominal.beatMs * scale + free.ranMs) / 2);
    const broken = figure(starved.trace, scale);
    expect(broken).toMatch(line('nextTick'));
    expect(pause(broken)).toBeGreaterThanOrEqual(0.9 * heartbeatAround(starved.trace).ranMs);
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
    expectStdoutMatchesTrace(starved.stdout, starved.trace);
  });

  it('the README shows the output of a real run (the beat count masked)', () => {
    const mask = (line: string) => line.replace(/^heartbeat: \d+ beats/, 'heartbeat: N beats');
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, mask)).toBeUndefined();
  });

  it("the README's --next-tick lines are the contrast run's own", () => {
    const readme = readFileSync(`${packageDir}/README.md`, 'utf8');
    const block = /With `--next-tick` the last part reads:\n\n```text\n([\s\S]*?)```/.exec(readme);
    expect(starved.stdout).toContain(block![1]!.trim());
  });

  it('shows the Python API of the From Python rows it stands for', () => {
    for (const row of rowsRunBy([])) expect(run.stdout).toMatch(row.shows);
  });
});

// python3 is on every machine this project runs on, CI too; elsewhere the test is skipped.
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('--python: asyncio runs the same program', () => {
  it.runIf(hasPython)("asyncio's order is the toy loop's, step for step, in one run", async () => {
    const pythonScale = 0.2;
    const run = await runExample(packageDir, { scale: pythonScale, args: ['--python'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
    // asyncio's lines reach the trace in one chunk at its end: its timers are read
    // on Python's own clock, which it prints beside each line (field `ms`).
    toySpec(run.trace, pythonScale, 'toy');
    const at = (step: string) =>
      Number(select(run.trace, { actor: 'asyncio', event: step })[0]!.ms);
    const atLeast = (nominalMs: number) => 0.9 * nominalMs * pythonScale;
    expect(at('later') - at('main-start')).toBeGreaterThanOrEqual(atLeast(toy.laterMs));
    expect(at('main-end') - at('resumed')).toBeGreaterThanOrEqual(atLeast(toy.sleepMs));
    // Every step but call_later(10 ms) in one order, the same in both loops; that
    // timer where the loop's own speed allows (laterPlacementSpec says which places).
    const steps = (actor: string) => select(run.trace, { actor }).map((event) => event.event);
    const fixed = (actor: string) => steps(actor).filter((step) => step !== 'later');
    expect(fixed('toy')).toEqual(fixed('asyncio'));
    expect(fixed('asyncio')).toEqual(fixedOrder);
    laterPlacementSpec(run.trace, 'asyncio', pythonScale, (step) => Number(step.ms));
    expectStdoutMatchesTrace(run.stdout, run.trace);
    for (const row of rowsRunBy(['--python'])) expect(run.stdout).toMatch(row.shows);
  });
});

it('every From Python row is run by one of the tests here', () => {
  const run = [[], ['--python']].map((args) => args.join(' '));
  for (const row of pythonRows) expect(run).toContain(row.args.join(' '));
});

describeCommandLine(packageDir, cli);

describe.concurrent('failures are reported in one line, never hidden', () => {
  // A python3 of our own, first on PATH: one that fails, one that prints nonsense.
  it.each([
    [
      'fails',
      'echo "Traceback: it broke" >&2; exit 3',
      'python3 exited with code 3: Traceback: it broke',
    ],
    ['prints nonsense', 'echo "no tabs here"', 'python3 printed "no tabs here"'],
    // None at all: PATH is only an empty folder (node itself is started by its path).
    ['is missing', undefined, 'python3 is not installed: --python needs it'],
  ])('a python3 that %s makes the run exit 1 naming it', async (_, body, said) => {
    const bin = mkdtempSync(join(tmpdir(), 'event-loop-python-'));
    try {
      if (body !== undefined) {
        writeFileSync(join(bin, 'python3'), `#!/bin/sh\n${body}\n`);
        chmodSync(join(bin, 'python3'), 0o755);
      }
      const env = { PATH: body === undefined ? bin : `${bin}:${process.env.PATH}` };
      const run = await runExample(packageDir, { scale, args: ['--python'], env });
      expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
      expect(run.stderr.trim()).toBe(`event-loop: ${said}`);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('Ctrl-C leaves no process behind', () => {
  it('SIGINT in the middle of a nextTick recursion ends the run at once', async () => {
    // At scale 1 the recursion spins 1000 ms, with nothing the loop can run meanwhile:
    // the signal is not a JavaScript callback, so it still ends the process.
    const running = startExample(packageDir, { scale: 1, args: ['--next-tick'] });
    await running.waitForOutput(/^nextTick recursion starts/);
    running.signal('SIGINT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
    expect(livingMembers(running.pid)).toEqual([]);
    expect(select(run.trace, { actor: 'recursion', event: 'end' })).toEqual([]);
  });
});
