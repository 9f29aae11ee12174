// The failure paths, proven on real runs: a barrier broken while parties are already
// asleep in it wakes them all at once. A broken mechanism would leave them asleep
// for ever (no wake-up on abort) or until their own timeouts (no wake-up on a
// timeout): each run has a deadline after the break, and the check then names the
// party that never woke, instead of the test dying on its hang timeout.
import { fileURLToPath } from 'node:url';
import { runWithDeadline } from '@concurrency/harness';
import { describe, expect, it } from 'vitest';
import { nominal } from '../src/setup.ts';
import { everySleeperWokenAtBreak } from './broken-spec.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Slower than the other tests' 0.2: a step lasts 250 ms, so the bounds below stay
// far above a busy machine's wake-up delays (tens of ms).
const scale = 0.5;
const step = nominal.stepMs * scale;

describe.each([
  { mode: 'worker threads', flags: [] as string[], kind: 'worker' },
  { mode: 'async tasks', flags: ['--async'], kind: 'task' },
])('$mode', ({ flags, kind }) => {
  it('a party dies while the other three are asleep in the barrier: all three wake at once', async () => {
    // One round; party 3 works longest (4 steps) and dies before it arrives, by then
    // parties 0, 1 and 2 have been asleep in the barrier for 1 to 3 steps. They have
    // no timeout: only the break can wake them, so one it missed never wakes and the
    // run's deadline (10 s after the break) catches it. A step (250 ms) is "at once":
    // CI's load delayed a wake 155 ms, and an exit by 2 s.
    const withinMs = step;
    const run = await runWithDeadline(
      packageDir,
      { scale, args: [...flags, '--rounds', '1', '--fail', '3'] },
      { after: /^Main: .* died, so main breaks the barrier$/, withinMs: 10_000 },
    );
    everySleeperWokenAtBreak(run.trace, 1, withinMs);
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, stoppedAtDeadline: false });
    expect(run.stderr).toBe(
      `barriers: ${kind} 3 died before reaching the barrier in round 1; ` +
        `the barrier broke, and 3 other ${kind}s got BrokenBarrierError`,
    );
  });

  it('a wait times out while two others are asleep: they wake at the break, not on their own timeouts', async () => {
    // Party 0 arrives first (1 step) and times out 2500 ms later; party 1 stalls.
    // Parties 2 and 3 arrived 2 and 3 steps after party 0, so their own timeouts
    // would fire 2 and 3 steps after the break: the bound sits halfway to the first.
    const timeoutMs = 2500;
    const withinMs = step;
    const run = await runWithDeadline(
      packageDir,
      { scale, args: [...flags, '--rounds', '1', '--stall', '1', '--timeout', String(timeoutMs)] },
      { after: /timed out/, withinMs: 10_000 },
    );
    everySleeperWokenAtBreak(run.trace, 1, withinMs);
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, stoppedAtDeadline: false });
    expect(run.stderr).toBe(
      `barriers: ${kind} 0 in round 1: a wait timed out after ${timeoutMs * scale} ms; ` +
        `the barrier broke, and 3 other ${kind}s got BrokenBarrierError`,
    );
  });
});
