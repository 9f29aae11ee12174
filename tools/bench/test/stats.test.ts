import { describe, expect, it } from 'vitest';
import { alternate, ratios, summarize } from '../src/stats.ts';

describe('summarize', () => {
  it('gives the middle run of an odd count, with the fastest and slowest', () => {
    expect(summarize([5, 1, 9, 3, 7])).toEqual({ median: 5, min: 1, max: 9, runs: 5 });
  });

  it('gives the mean of the two middle runs of an even count', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  it('refuses no runs, and a run that is not a number', () => {
    expect(() => summarize([])).toThrow('no samples');
    expect(() => summarize([1, Number.NaN])).toThrow('not a finite number');
  });
});

describe('alternate', () => {
  it('runs the sides in turn, A, B, A, B, and drops the warm-up round', async () => {
    const order: string[] = [];
    let clock = 0;
    const samples = await alternate(
      {
        a: () => {
          order.push('a');
          return ++clock;
        },
        b: async () => {
          order.push('b');
          return ++clock;
        },
      },
      { rounds: 3, warmup: 1 },
    );
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(samples).toEqual({ a: [3, 5, 7], b: [4, 6, 8] });
  });

  it('pairs ratios round by round', () => {
    expect(ratios([10, 20, 30], [5, 4, 3])).toEqual([2, 5, 10]);
    expect(() => ratios([1, 2], [1])).toThrow('ratio of 2 samples to 1');
  });
});

describe('alternate on a loaded machine', () => {
  const sides = { a: () => 1, b: () => 2 };

  it('stops at the deadline once the least number of rounds is done', async () => {
    const clock = () => 1;
    const samples = await alternate(sides, { rounds: 10, minRounds: 3, deadline: 0, clock });
    expect(samples).toEqual({ a: [1, 1, 1], b: [2, 2, 2] });
  });

  it('runs every round while there is time', async () => {
    const samples = await alternate(sides, { rounds: 5, deadline: 100, clock: () => 0 });
    expect(samples.a).toHaveLength(5);
  });
});
