import { openSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { nowMs } from './clock.ts';
import { cpuWaitMs } from './cpu-wait.ts';
import { STOP_AT_VAR, TRACE_FILE_VAR } from './env.ts';
import { writeAllSync } from './write.ts';

/** One line of the trace: what happened, where, and when on the machine's shared clock. */
export interface TraceEvent {
  /** Milliseconds on CLOCK_MONOTONIC, comparable across threads and processes. */
  t: number;
  pid: number;
  tid: number;
  /** Who did it: `main`, `worker-3`, `producer`... one lane in a timeline. */
  actor: string;
  /** What happened: `start`, `finish`, `enter`, `leave`... */
  event: string;
  /** The line a person sees on stdout; absent for events that are only traced. */
  text?: string;
  /** In the trace file only: how long this thread has waited for a core so far (ms). */
  cpuWait?: number;
  [field: string]: unknown;
}

export type EventFields = Record<string, string | number | boolean | null>;

// Each thread opens the trace file once, in append mode: O_APPEND makes every
// line land whole at the end, even with several processes writing at once.
let traceFd: number | undefined;
function traceDescriptor(): number | undefined {
  const path = process.env[TRACE_FILE_VAR];
  if (!path) return undefined;
  traceFd ??= openTrace(path);
  return traceFd;
}

/**
 * The trace file, opened for appending, or an error in one line that names the
 * variable: `CONCURRENCY_TRACE=/tmp: cannot append to it (EISDIR: a folder)`.
 * runMain calls it before the program starts, so a bad name is a usage mistake.
 */
export function openTrace(path: string): number {
  try {
    return openSync(path, 'a');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const said = (error as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '');
    const why = code === 'EISDIR' ? 'it is a folder' : said;
    throw new Error(`${TRACE_FILE_VAR}=${path}: cannot append the trace to it (${code}: ${why})`);
  }
}

/**
 * Report that `actor` did `event`. The human line goes to stdout at once, written
 * synchronously from this thread, so the screen shows the real order. When the
 * harness names a trace file, the same event is appended to it as one JSON line.
 * Pass `text: undefined` for an event that only the trace should see.
 */
export function emit(
  actor: string,
  event: string,
  text: string | undefined,
  fields: EventFields = {},
): TraceEvent {
  const record: TraceEvent = {
    t: nowMs(),
    pid: process.pid,
    tid: threadId,
    actor,
    event,
    ...(text === undefined ? {} : { text }),
    ...fields,
  };
  if (text !== undefined) writeAllSync(1, `${text}\n`);
  const fd = traceDescriptor();
  if (fd !== undefined) {
    const cpuWait = cpuWaitMs();
    writeAllSync(
      fd,
      `${JSON.stringify(cpuWait === undefined ? record : { ...record, cpuWait })}\n`,
    );
  }
  stopIfAsked(actor, event);
  return record;
}

// STOP_AT_VAR: once per thread; a test names an event that one thread traces, or
// several, comma-separated, to hold two processes at once (each stops at its own).
let stopped = false;
function stopIfAsked(actor: string, event: string): void {
  const at = process.env[STOP_AT_VAR]?.split(',');
  if (stopped || at === undefined || !(at.includes(event) || at.includes(`${actor}:${event}`)))
    return;
  stopped = true;
  process.kill(process.pid, 'SIGSTOP');
}
