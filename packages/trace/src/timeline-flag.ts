import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACE_FILE_VAR } from './env.ts';
import { renderTimeline } from './timeline.ts';
import { readTrace } from './trace-file.ts';
import { writeAllSync } from './write.ts';

// `--timeline` on any example: the run is traced (to a temporary file unless the
// harness or the tour already named one) and drawn as a Gantt chart when it ends.
// The variable is set before anything starts, so every worker and child process
// the example creates inherits it and writes to the same trace.

let requested = false;

/** Called by parseFlags when `--timeline` is given: make sure this run is traced. */
export function requestTimeline(): void {
  if (requested) return;
  requested = true;
  let temporary: string | undefined;
  if (!process.env[TRACE_FILE_VAR]) {
    temporary = mkdtempSync(join(tmpdir(), 'concurrency-timeline-'));
    process.env[TRACE_FILE_VAR] = join(temporary, 'trace.jsonl');
  }
  const traceFile = process.env[TRACE_FILE_VAR]!;
  // 'exit' comes after every worker has ended (a running worker keeps the process
  // alive), so the chart shows the whole run; only synchronous work is allowed here.
  // A usage mistake (exit 2) ran nothing worth drawing.
  process.once('exit', (code) => {
    if (code !== 2) writeAllSync(1, `\n${renderTimeline(readTrace(traceFile), { width: 64 })}\n`);
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  });
}
