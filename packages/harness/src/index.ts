export { TraceCheckError } from './check-error.ts';
export * from './checks.ts';
export { expectUsageError } from './checks-usage.ts';
export { cpuWaitWithin, spanWithoutCpuWait } from './cpu-wait.ts';
export { settlesWithin } from './deadline.ts';
export { bundledEntry } from './example-bundle.ts';
export { describeMatch, type Match, matches, select } from './match.ts';
export { type GroupMember, livingMembers, stoppedMembers } from './process-group.ts';
export { readmeMismatch, readmeOutput } from './readme.ts';
export { readmeMismatchMasked } from './readme-masked.ts';
export {
  type RunningExample,
  type RunOptions,
  type RunResult,
  runExample,
  startExample,
} from './run.ts';
export { type DeadlineRun, runWithDeadline, StallError, settleOrStall } from './run-deadline.ts';
export { renderTimeline } from './timeline.ts';
export { HANG_TIMEOUT_MS } from './timeouts.ts';
export { expectToolCommandLine } from './tool-help.ts';
export { parseTrace, readTrace, type Trace } from './trace-file.ts';
