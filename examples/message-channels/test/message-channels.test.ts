import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import {
  expectAllBefore,
  expectCount,
  expectDuration,
  expectStdoutMatchesTrace,
  expectUsageError,
  HANG_TIMEOUT_MS,
  livingMembers,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  settlesWithin,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { STOP_AT_VAR } from '@concurrency/trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { broadcastStop } from '../src/broadcast.ts';
import { cli } from '../src/cli.ts';
import { joinAll } from '../src/message-channels.ts';
import { select as selectWord } from '../src/select.ts';
import { nominal } from '../src/setup.ts';
import { figure } from './figure.ts';
import { pythonRows } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;
const bytes = nominal.megabytes * 2 ** 20;

// Part 1: every question gets one reply, and each reply answers its own question,
// even though the server answers the last asked first.
function pipeSpec(trace: Trace): void {
  const replies = expectCount(trace, { actor: 'client', event: 'reply' }, nominal.requests);
  const crossed = replies.filter((r) => r.answer !== (r.n as number) ** 2);
  if (crossed.length > 0) {
    throw new TraceCheckError({
      rule: 'every reply answers its own question',
      culprits: crossed,
      trace,
    });
  }
  expectAllBefore(trace, { actor: 'main', event: 'wired' }, { actor: 'client' });
}

// Part 2: each buffer main sends arrives whole; the copy leaves main its own, the
// move leaves main a detached buffer of length 0.
function transferSpec(trace: Trace): void {
  expectCount(trace, { actor: 'main', event: 'post' }, 2);
  const [copied] = expectCount(trace, { actor: 'main', event: 'copied' }, 1);
  const [moved] = expectCount(trace, { actor: 'main', event: 'moved' }, 1);
  expect({ mine: copied!.mine, theirs: copied!.theirs }).toEqual({ mine: bytes, theirs: bytes });
  expect({ mine: moved!.mine, theirs: moved!.theirs }).toEqual({ mine: 0, theirs: bytes });
}

// Part 3: nothing is there at first; then each sender, on its own thread, sleeps
// its delay and sends, and main has each word only once it was sent. Which word
// comes first depends on when each worker booted, a few hundred ms apart on a busy
// machine at scale 0.2; that main takes whichever comes first, on either port, is
// shown deterministically by the select on its own, below. The wait from a send to
// main's receipt is not bounded here: on a loaded machine it is the machine's.
function selectSpec(trace: Trace): void {
  const [poll] = expectCount(trace, { actor: 'main', event: 'poll' }, 1);
  expect(poll!.text).toBe('no message received yet');
  const words = select(trace, { actor: 'main', event: 'received' }).map((e) => e.word);
  expect([...words].sort()).toEqual(['one', 'two']);
  for (const [word, nominalMs] of [
    ['one', nominal.oneMs],
    ['two', nominal.twoMs],
  ] as const) {
    const sender = `sender-${word}`;
    expectCount(trace, { actor: sender, event: 'send' }, 1);
    // Its own delay, no less; the maximum is loose (a loaded machine fires a 200 ms
    // timer late), there only to catch a sleep of another length.
    expectDuration(trace, {
      from: { actor: sender, event: 'start' },
      to: { actor: sender, event: 'send' },
      nominalMs,
      scale,
      atMost: 2,
    });
    expectAllBefore(trace, { actor: sender, event: 'send' }, { actor: 'main', word });
  }
}

// Part 4: one broadcast, every worker hears it, each once, and only after it is sent.
function broadcastSpec(trace: Trace, workers = nominal.workers): void {
  const stopped = expectCount(trace, { event: 'stopped' }, workers);
  expect(new Set(stopped.map((e) => e.actor)).size).toBe(workers);
  expectAllBefore(trace, { actor: 'main', event: 'broadcast' }, { event: 'stopped' });
}

// Part 5: the owner counts every add: none lost, with no lock.
function ownerSpec(trace: Trace): void {
  const [total] = expectCount(trace, { actor: 'owner', event: 'total' }, 1);
  expect(total!.count).toBe(nominal.workers * nominal.adds);
}

// The transfer lines carry times that vary from run to run.
const mask = (line: string) => line.replace(/in [\d.]+ ms/, 'in … ms');

describe('message-channels, run as a person runs it', () => {
  let run: RunResult;
  // A run that hangs (a worker that never hears the stop) is ended by the run's own
  // hang timeout, so the checks below can name what is missing: give it the time.
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  }, HANG_TIMEOUT_MS + 15_000);

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('a pipe between two workers: each reply matched to its question by id', () => {
    pipeSpec(run.trace);
  });

  it('a copied buffer is on both sides; a moved one is detached (length 0) in main', () => {
    transferSpec(run.trace);
  });

  it('select: nothing at first, then each word once its sender slept its delay and sent it', () => {
    selectSpec(run.trace);
  });

  it('one broadcast stops every worker', () => {
    broadcastSpec(run.trace);
  });

  it('one owner of the counter: no add lost', () => {
    ownerSpec(run.trace);
  });

  it('its figure reads every reply matched, the moved buffer left 0 bytes, all workers stopped', () => {
    expect(figure(run.trace, scale)).toMatch(
      /^4\/4 replies matched; 8 MB copied \d+ MB\/s, moved \d+ MB\/s \(left 0 bytes\); 3 workers heard one broadcast$/,
    );
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run', () => {
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, mask)).toBeUndefined();
  });

  it.each(pythonRows)('the Python row "$python" shows in its run', ({ args, shows }) => {
    expect(args).toEqual([]); // this run
    expect(run.stdout).toMatch(shows);
  });
});

describe.concurrent('the broken contrasts fail the spec, every run', () => {
  it('--no-ids: replies matched by arrival cross under concurrency', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'pipe', '--no-ids'] });
    expect(run).toMatchObject({ exitCode: 0, leftBehind: false, timedOut: false });
    expect(() => pipeSpec(run.trace)).toThrow(TraceCheckError);
  });

  it('--post-after-transfer: sending a moved buffer again throws, one line, exit 1', async () => {
    const args = ['--part', 'transfer', '--post-after-transfer'];
    const run = await runExample(packageDir, { scale, args });
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
    expect(run.stderr.trim()).toBe(
      'message-channels: An ArrayBuffer is detached and could not be cloned.',
    );
    expect(() => transferSpec(run.trace)).toThrow(TraceCheckError);
  });
});

describe('the mechanisms on their own', () => {
  it('one worker that throws ends the others at once, then the join rejects with its error', async () => {
    // A worker that would run for ever (a timer keeps it alive) beside one that throws.
    const forever = new Worker('setInterval(() => {}, 1000);', { eval: true });
    const failing = new Worker('throw new Error("boom");', { eval: true });
    try {
      await expect(joinAll([forever, failing])).rejects.toThrow('boom');
      // The id of a thread that has stopped reads -1: ended by the join, not left running.
      expect(forever.threadId, 'the worker beside the one that threw').toBe(-1);
    } finally {
      await forever.terminate();
    }
  });

  it('select takes a message on whichever port it comes, and leaves no listener on the others', async () => {
    const first = new MessageChannel();
    const second = new MessageChannel();
    try {
      // Only the second port has a message: a wait on the first port first never sees it.
      second.port2.postMessage('on the second');
      const word = settlesWithin(
        HANG_TIMEOUT_MS / 2,
        'select to take the message on the second port',
        selectWord([first.port1, second.port1]),
      );
      await expect(word).resolves.toBe('on the second');
      // The loser stopped listening: no once() is left waiting on the quiet port.
      expect(first.port1.listenerCount('message'), 'listeners left on the quiet port').toBe(0);
    } finally {
      for (const channel of [first, second]) channel.port1.close();
    }
  });

  it('one broadcast ends every listener: the part returns once each has heard it and closed its channel', async () => {
    // A listener that kept its channel open would keep its thread, and the join, for ever.
    await settlesWithin(
      HANG_TIMEOUT_MS / 2,
      'every listener to end once the stop was broadcast',
      broadcastStop({ workers: 2 }),
    );
  });
});

describeCommandLine(packageDir, cli);

describe.concurrent('failures are reported, never hidden, never waited out', () => {
  it('--fail: the server throws; main names it, stops the client and exits 1', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'pipe', '--fail'] });
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
    expect(run.stderr.trim()).toBe('message-channels: the server failed on question 1, on purpose');
    expectCount(run.trace, { actor: 'client', event: 'reply' }, 0);
  });

  it('--part naming no part exits 2 with one line', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'nope'] });
    expectUsageError(
      run,
      '--part nope is not a part: they are pipe, transfer, select, broadcast, owner',
    );
  });

  it('SIGINT while main waits on two ports ends the run at once, every thread with it', async () => {
    // Main stops itself right after its poll finds nothing (CONCURRENCY_STOP_AT), so
    // the signal lands while it waits, however late a loaded machine lets it be sent.
    const running = startExample(packageDir, {
      scale: 1,
      args: ['--part', 'select'],
      env: { [STOP_AT_VAR]: 'main:poll' },
    });
    await running.waitForStop();
    await running.waitForOutput(/^no message received yet$/);
    running.signal('SIGINT');
    process.kill(running.pid, 'SIGCONT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
    expect(livingMembers(running.pid)).toEqual([]);
    // "two" comes 2 s after its sender starts: the signal came long before.
    expectCount(run.trace, { actor: 'main', word: 'two' }, 0);
  });
});
