import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACE_FILE_VAR } from './env.ts';
import { renderTimeline } from './timeline.ts';
import { readTrace } from './trace-file.ts';
import { UsageError } from './usage-error.ts';
import { writeAllSync } from './write.ts';

// `--timeline` on any example: the run is traced (to a temporary file unless the
// harness or the tour already named one) and drawn as a Gantt chart when it ends.
// The variable is set before anything starts, so every worker and child process
// the example creates inherits it and writes to the same trace.

let requested = false;

/** The signals that end a run from outside and still let it remove its temporary folder. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Called by parseFlags when `--timeline` is given: make sure this run is traced. */
export function requestTimeline(): void {
  if (requested) return;
  requested = true;
  let temporary: string | undefined;
  if (!process.env[TRACE_FILE_VAR]) {
    temporary = temporaryFolder();
    process.env[TRACE_FILE_VAR] = join(temporary, 'trace.jsonl');
  }
  const traceFile = process.env[TRACE_FILE_VAR]!;
  const removeTemporary = () => {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  };
  // 'exit' comes after every worker has ended (a running worker keeps the process
  // alive), so the chart shows the whole run; only synchronous work is allowed here.
  // A usage mistake (exit 2) ran nothing worth drawing.
  process.once('exit', (code) => {
    if (code !== 2) writeAllSync(1, `\n${renderTimeline(readTrace(traceFile), { width: 64 })}\n`);
    removeTemporary();
  });
  if (!temporary) return;
  // Ctrl-C and friends skip 'exit' when nothing else listens for them: the folder is
  // removed here, then the signal is raised again to end the run as it would have.
  // A program that handles the signal itself decides how it ends, and 'exit' cleans.
  for (const signal of ENDING_SIGNALS) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      removeTemporary();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function temporaryFolder(): string {
  try {
    return mkdtempSync(join(tmpdir(), 'concurrency-timeline-'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--timeline needs a temporary folder, and ${tmpdir()} gives none (${code}): set TMPDIR to a writable folder`,
    );
  }
}
