// The production idiom beside the hand-written barriers: rounds of Promise.all.
// Each step is a promise the test settles by hand, so the order is the test's own.
import { describe, expect, it } from 'vitest';
import { runRoundsWithPromiseAll } from '../src/promise-all-rounds.ts';

interface Pending {
  party: number;
  round: number;
  finish: () => void;
  fail: (error: Error) => void;
}

/** Starts the rounds; every step waits until the test finishes or fails it. */
function start(parties: number, rounds: number) {
  const started: Pending[] = [];
  const done = runRoundsWithPromiseAll(parties, rounds, (party, round) => {
    return new Promise<void>((finish, fail) => started.push({ party, round, finish, fail }));
  });
  return { started, done };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('rounds of Promise.all', () => {
  it('start no step of the next round until every step of this one has finished', async () => {
    const { started, done } = start(3, 2);
    await turn();
    expect(started.map(({ round }) => round)).toEqual([1, 1, 1]);
    // Two of three finish: still nobody in round 2.
    started[2]!.finish();
    started[0]!.finish();
    await turn();
    expect(started).toHaveLength(3);
    // The last one finishes: all of round 2 starts at once.
    started[1]!.finish();
    await turn();
    expect(started.slice(3).map(({ party, round }) => [party, round])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    for (const step of started.slice(3)) step.finish();
    await expect(done).resolves.toBeUndefined();
  });

  it('fail the whole run as soon as one step fails, without waiting for the others', async () => {
    const { started, done } = start(3, 2);
    await turn();
    started[1]!.fail(new Error('party 1 died'));
    await expect(done).rejects.toThrow('party 1 died');
    expect(started).toHaveLength(3);
  });
});
