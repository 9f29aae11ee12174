import type { Summary } from './stats.ts';

/** One measured line: what was run, in what unit, and its median with spread. */
export interface Series {
  label: string;
  unit: string;
  summary: Summary;
}

/** One row of the table: the measurements, the ratios, and how they meet the target. */
export interface Figure {
  title: string;
  series: Series[];
  /** Comparisons taken round by round in the same run (unit ×). */
  ratios: Series[];
  target: string;
  verdict: 'met' | 'missed' | 'measured' | 'not measured';
  /** Chart the ratios rather than the raw series (the speed-ups, say). */
  chartRatios?: boolean;
  /** A target drawn as a dashed line across the chart's panel. */
  chartMark?: { value: number; label: string };
  /** A figure that surprises (a pool beating inline) carries its why under the chart's title. */
  chartWhy?: string;
  /** Why it is met or missed, or what the figures say, in one or two sentences. */
  note: string;
}

export function notMeasured(title: string, target: string, error: unknown): Figure {
  const reason = error instanceof Error ? error.message : String(error);
  return { title, series: [], ratios: [], target, verdict: 'not measured', note: reason };
}
