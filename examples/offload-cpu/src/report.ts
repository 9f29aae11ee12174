// What the run prints beside the work: each job's start and end (how long it took,
// and how much of that it spent on a core), main's heartbeat and its longest gap,
// and the results.
import { emit, nowMs, scaled } from '@concurrency/trace';
import type { Job, JobResult, Part } from './cpu-task.ts';
import { nominal } from './setup.ts';

/** Prints that `job` starts; the function it returns prints that it is done. */
export function announce(job: Job, actor: string, label: string) {
  const fields = { part: job.part, n: job.n, units: job.units };
  const { t: startedAt } = emit(actor, 'start', `${label}: burning CPU for ${job.n} s`, fields);
  const cpuBefore = process.cpuUsage();
  return (checksum: number): JobResult => {
    const square = job.n * job.n;
    // The span from the start event's own clock reading to now; the finish event is
    // stamped with that same reading, so the time printed is the span traced.
    const finishedAt = nowMs();
    const ms = Math.round(finishedAt - startedAt);
    // The CPU this process used meanwhile: a job that took longer than its size
    // says on its own line that it waited for a core (the machine was busy).
    const { user, system } = process.cpuUsage(cpuBefore);
    const cpuMs = Math.round((user + system) / 1000);
    const text = `${label}: done in ${ms} ms (${cpuMs} ms on a core), ${job.n} * ${job.n} = ${square}`;
    emit(actor, 'finish', text, { ...fields, checksum, ms, cpuMs, t: finishedAt });
    return { n: job.n, square, checksum };
  };
}

/**
 * Runs `work` while a timer on main's event loop means to tick every 50 ms (nominal),
 * then prints the longest gap between two beats (how long the loop was stuck). A due timer waits while main's thread runs JavaScript. Beats go to the
 * trace only, where the test measures the same gaps. The heartbeat stops whatever
 * happens, or its timer alone would keep the process alive after a failure.
 */
export async function withHeartbeat(
  part: Part,
  work: () => Promise<JobResult[]>,
): Promise<JobResult[]> {
  let last = emit('main', 'beat', undefined, { part }).t;
  let longest = 0;
  const beat = (): void => {
    const { t } = emit('main', 'beat', undefined, { part });
    longest = Math.max(longest, t - last);
    last = t;
  };
  const timer = setInterval(beat, scaled(nominal.beatMs));
  try {
    return await work();
  } finally {
    beat();
    clearInterval(timer);
    const gapMs = Math.round(longest);
    emit('main', 'gap', `Main: longest heartbeat gap ${gapMs} ms`, { part, gapMs });
  }
}

// print(f"Result: {result}"), once main's loop has the results: in call order.
export function printResults(part: Part, results: JobResult[]): void {
  for (const { n, square } of results) {
    emit('main', 'result', `Result: ${square}`, { part, n, square });
  }
}
