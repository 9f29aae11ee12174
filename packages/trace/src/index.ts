export { cacheDirs, writableCacheDir } from './cache-dir.ts';
export { nowMs } from './clock.ts';
export {
  CommandLine,
  type CommandLineSpec,
  commandLine,
  type FlagSpec,
  HELP_WIDTH,
  runMain,
  TIMER_LIMIT_MS,
  UsageError,
} from './command-line.ts';
export { burnCpu } from './cpu.ts';
export { burnCpuInSlices } from './cpu-slices.ts';
export { type EventFields, emit, type TraceEvent } from './emit.ts';
export { STOP_AT_VAR, TIME_SCALE_VAR, TRACE_FILE_VAR } from './env.ts';
export { arriveAtStartLine, lineUpWorkers } from './line-up.ts';
export { type Runnable, runnable, runnableChild, workerEntry } from './runnable.ts';
export { StartLine } from './start-line.ts';
export { scaled, sleep, sleepBlocking, timeScale } from './time.ts';
export {
  formatMs,
  LETTERED_MARKS,
  markLetter,
  niceStep,
  renderTimeline,
  type TimelineOptions,
  timeOf,
} from './timeline.ts';
export {
  runTool,
  type ToolCommandLine,
  type ToolSpec,
  toolCommandLine,
} from './tool-command-line.ts';
export { parseTrace, readTrace, type Trace } from './trace-file.ts';
