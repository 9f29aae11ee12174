import { nowMs } from '@concurrency/trace';

// Every figure is a median with its spread, never one run: on a shared machine any
// single run can land on a bad moment. Comparisons are ratios taken round by round,
// with the sides run one after the other inside each round (A, B, A, B...), so a
// burst of load from elsewhere hits both sides of a ratio instead of one.

/** The median of the runs, with the fastest and slowest, in the figure's own unit. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('no samples to summarize');
  if (samples.some((x) => !Number.isFinite(x))) {
    throw new RangeError(`a sample is not a finite number: ${samples.join(', ')}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** One measurement of one side: resolves to a number in the figure's unit. */
export type Measure = () => Promise<number> | number;

export interface AlternateOptions {
  rounds: number;
  /** Rounds run first and thrown away (JIT, caches, pools). */
  warmup?: number;
  /** On a machine so loaded that time runs out, stop after this many rounds... */
  minRounds?: number;
  /** ...once the clock has passed this time (ms on `clock`). */
  deadline?: number;
  clock?: () => number;
}

/**
 * Run each side once per round, in the order given, for `rounds` rounds: A, B, C, A,
 * B, C... Returns each side's samples in round order, so sample r of A and sample r of
 * B were taken next to each other. A quiet machine always runs every round; a loaded
 * one may stop early at the deadline, never below `minRounds`.
 */
export async function alternate<K extends string>(
  sides: Record<K, Measure>,
  options: AlternateOptions,
): Promise<Record<K, number[]>> {
  const { rounds, warmup = 1, minRounds = 3, deadline = Infinity, clock = nowMs } = options;
  const names = Object.keys(sides) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let round = -warmup; round < rounds; round++) {
    for (const name of names) {
      const value = await sides[name]();
      if (round >= 0) samples[name].push(value);
    }
    if (round + 1 >= minRounds && clock() > deadline) break;
  }
  return samples;
}

/** Round-by-round ratios of two sides measured by `alternate`: numerator[r] / denominator[r]. */
export function ratios(numerator: readonly number[], denominator: readonly number[]): number[] {
  if (numerator.length !== denominator.length) {
    throw new RangeError(`ratio of ${numerator.length} samples to ${denominator.length}`);
  }
  return numerator.map((value, round) => value / denominator[round]!);
}
