// The Atomics barrier on its own, without a run of the lesson: first on one thread,
// what can be shown without a second one; then under contention. The runs in
// barriers.test.ts show it between real worker threads that sleep between rounds.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { settleOrStall } from '@concurrency/harness';
import { workerEntry } from '@concurrency/trace';
import { describe, expect, it } from 'vitest';
import { SharedBarrier } from '../src/shared-barrier.ts';
import type { HeldData } from './held-party.ts';
import { type StressData, stressBuffer, stressWords } from './stress-words.ts';

describe('SharedBarrier on one thread', () => {
  it('with one party, every wait returns at once, generation after generation', () => {
    const barrier = SharedBarrier.create(1);
    for (let round = 0; round < 3; round++) expect(barrier.arriveAndWait()).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  it('a copy made from its buffer is the same barrier', () => {
    const barrier = SharedBarrier.create(2);
    const seenElsewhere = new SharedBarrier(barrier.buffer);
    expect(seenElsewhere.parties).toBe(2);
    barrier.abort();
    expect(seenElsewhere.broken).toBe(true);
  });

  it('a wait that times out breaks it, and later arrivals fail at once', () => {
    const barrier = SharedBarrier.create(2);
    expect(() => barrier.arriveAndWait(20)).toThrow(/^a wait timed out after 20 ms$/);
    expect(barrier.broken).toBe(true);
    // With a timeout: an arrival that was let in to wait would end, not hang this thread.
    expect(() => barrier.arriveAndWait(1000)).toThrow(/arrived at a broken barrier/);
  });

  it('after abort(), nobody waits', () => {
    const barrier = SharedBarrier.create(3);
    barrier.abort();
    expect(() => barrier.arriveAndWait(1000)).toThrow(
      expect.objectContaining({ name: 'BrokenBarrierError' }),
    );
  });
});

// Four threads meet 5000 times with no sleep between rounds, so a wake-up lost or a
// generation mixed up is met within milliseconds. The checks are counters in shared
// memory, not a trace of 40000 events. A broken barrier hangs: the test then fails
// naming who is stuck where.
describe('SharedBarrier under contention', () => {
  it('four threads pass 5000 rounds with no sleeps: nobody leaves a round before its last arrival', async () => {
    const [parties, rounds] = [4, 5000];
    const barrier = SharedBarrier.create(parties);
    const counters = stressBuffer(parties, rounds);
    const words = new Int32Array(counters);
    const { ARRIVALS, EARLY, AHEAD, PASSED, INDEXES } = stressWords(parties);
    const entry = workerEntry(new URL('./stress-party.ts', import.meta.url));
    const workers = Array.from({ length: parties }, (_, party) => {
      const workerData: StressData = { barrier: barrier.buffer, counters, party, parties, rounds };
      return new Worker(entry, { workerData });
    });
    const passed = () => Array.from({ length: parties }, (_, party) => words[PASSED + party]!);

    await settleOrStall(Promise.all(workers.map((worker) => once(worker, 'exit'))), {
      progress: () => Atomics.load(words, ARRIVALS),
      stallMs: 5000,
      explain: () =>
        `every party passes all ${rounds} rounds, but nothing moved for 5 s: the last ` +
        `rounds passed, by party, are ${passed().join(', ')}, with ` +
        `${Atomics.load(words, ARRIVALS)} arrivals in all: the others sleep in the barrier`,
      onStall: () => Promise.all(workers.map((worker) => worker.terminate())),
    });

    expect(passed()).toEqual(Array(parties).fill(rounds));
    expect(words[ARRIVALS]).toBe(parties * rounds);
    expect({ early: words[EARLY], ahead: words[AHEAD] }).toEqual({ early: 0, ahead: 0 });
    // 1 + 2 + 4 + 8: the four arrival indexes, each once, in every round.
    const everyIndexOnce = 2 ** parties - 1;
    const badRounds = words.subarray(INDEXES).filter((sum) => sum !== everyIndexOnce);
    expect(badRounds.length).toBe(0);
    expect(barrier.broken).toBe(false);
  });
});

// The race window forced, not hoped for: a party has counted itself in but not yet
// gone to sleep when the last party arrives and moves the generation on. 5000 rounds
// of contention may never land in that window; this test lands in it every time.
describe('SharedBarrier in its race window', () => {
  it('a waiter that has counted itself in but not yet slept is still released by the last arrival', async () => {
    const barrier = SharedBarrier.create(2);
    const control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    // Far longer than a release takes, far shorter than the test's own timeout: a
    // party that sleeps through its release wakes on it and says so.
    const timeoutMs = 2000;
    const workerData: HeldData = { barrier: barrier.buffer, control: control.buffer, timeoutMs };
    const held = new Worker(workerEntry(new URL('./held-party.ts', import.meta.url)), {
      workerData,
    });
    const exited = once(held, 'exit');
    const answer = once(held, 'message');
    try {
      // The held party is counted in (its Atomics.add is done) and blocked there.
      const counted = Atomics.waitAsync(control, 0, 0, 30_000);
      expect(counted.async ? await counted.value : counted.value).not.toBe('timed-out');
      // Main is the last party: the round is released while the first is held.
      expect(barrier.arriveAndWait()).toBe(1);
      Atomics.store(control, 1, 1);
      Atomics.notify(control, 1);
      const [reply] = await answer;
      expect(reply).toEqual({ index: 0 });
      expect(barrier.broken).toBe(false);
    } finally {
      Atomics.store(control, 1, 1);
      Atomics.notify(control, 1);
      await exited;
    }
  });
});
