// settleOrStall's two windows: work that never starts to move gets firstMoveMs (threads
// still loading on a loaded machine), work that moved and then stands still gets stallMs.
import { describe, expect, it } from 'vitest';
import { StallError, settleOrStall } from '../src/run-deadline.ts';

const never = new Promise<never>(() => {});
const explain = () => 'it stood still';

describe('settleOrStall', () => {
  it('gives work that has not moved yet firstMoveMs, not stallMs', async () => {
    const started = performance.now();
    await expect(
      settleOrStall(never, { progress: () => 0, stallMs: 50, firstMoveMs: 400, explain }),
    ).rejects.toThrow(StallError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('gives work that moved, then stood still, stallMs from its last move', async () => {
    let moved = 0;
    setTimeout(() => (moved = 1), 30);
    const started = performance.now();
    await expect(
      settleOrStall(never, { progress: () => moved, stallMs: 50, firstMoveMs: 20_000, explain }),
    ).rejects.toThrow('it stood still');
    // Well before the first-move window: the stall counted from the move.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('hands back the value of work that ends', async () => {
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('done'), 30));
    expect(await settleOrStall(work, { progress: () => 0, stallMs: 5000, explain })).toBe('done');
  });
});
