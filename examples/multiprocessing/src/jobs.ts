// What a child does. The child process runs these (src/child.ts); `--inline` runs the
// very same functions in the parent instead, the contrast that shows what the
// separate process changes: the pid, and whose memory the counter lives in.
import { emit, sleep } from '@concurrency/trace';
import { addToCounter, counter } from './counter.ts';

// A child's job is plain data, so that it can cross to the child as text: part one's
// worker (which may be told to fail), part two's counter, part three's look.
export type Job =
  | { kind: 'work'; name: number; fail?: 'throw' | 'exit' }
  | { kind: 'counter'; amount: number }
  | { kind: 'peek' };

/** What a child says back to its parent, over the IPC channel. */
export type Report =
  | { kind: 'ready' }
  | { kind: 'counter'; value: number }
  | { kind: 'failed'; message: string };

// The child's target function, run by child.ts (or, with --inline, by the parent):
// `report` sends a message back to the parent.
export async function runJob(job: Job, report: (message: Report) => void): Promise<void> {
  // Part two: change this process's own copy of `counter`, and say what it is now.
  if (job.kind === 'counter') {
    const value = addToCounter(job.amount);
    emit('child', 'changed', `Child, pid ${process.pid}: counter is now ${value}`, { value });
    report({ kind: 'counter', value });
    return;
  }
  // Part three: only look, in a process the parent started after setting its own 10.
  if (job.kind === 'peek') {
    // What this process found in counter.ts: the parent's value only if it is the parent.
    const text = `Child, pid ${process.pid}: counter starts at ${counter} here`;
    emit('fresh-child', 'peek', text, { value: counter });
    return;
  }
  // worker(name) from the classic program: start, sleep 2 s, finish. The pid says whose process it is.
  const actor = `worker-${job.name}`;
  emit(actor, 'start', `Worker ${job.name} starting, pid ${process.pid}`, { name: job.name });
  if (job.fail === 'throw') throw new Error(`worker ${job.name} failed on purpose`);
  // A child that dies without a word: all the parent learns is the exit code.
  if (job.fail === 'exit') process.exit(3);
  // time.sleep(2): this process sleeps; the others, in processes of their own, too.
  await sleep(2000);
  emit(actor, 'finish', `Worker ${job.name} finished`, { name: job.name });
}
