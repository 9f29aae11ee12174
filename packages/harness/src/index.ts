export { TraceCheckError } from './check-error.ts';
export * from './checks.ts';
export { describeMatch, type Match, matches, select } from './match.ts';
export { readmeMismatch, readmeOutput } from './readme.ts';
export {
  HANG_TIMEOUT_MS,
  type RunningExample,
  type RunOptions,
  type RunResult,
  runExample,
  startExample,
} from './run.ts';
export { renderTimeline } from './timeline.ts';
export { parseTrace, readTrace, type Trace } from './trace-file.ts';
