// The Atomics barrier on one thread: what can be shown without a second one. The
// runs in barriers.test.ts show it between real worker threads.
import { describe, expect, it } from 'vitest';
import { SharedBarrier } from '../src/shared-barrier.ts';

describe('SharedBarrier', () => {
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
    expect(() => barrier.arriveAndWait()).toThrow(/arrived at a broken barrier/);
  });

  it('after abort(), nobody waits', () => {
    const barrier = SharedBarrier.create(3);
    barrier.abort();
    expect(() => barrier.arriveAndWait()).toThrow(
      expect.objectContaining({ name: 'BrokenBarrierError' }),
    );
  });
});
