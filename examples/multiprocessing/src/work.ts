// worker(name), part one's target: the classic program's function. The child process
// runs it (child.ts); `--inline` runs the very same function in the parent instead,
// the contrast that shows what the separate process changes: the pid.
import { emit, sleep } from '@concurrency/trace';

// Part one's job is plain data, so that it can cross to the child as text: which
// worker it is, and whether it is told to fail (--fail throws, --crash exits).
export type WorkJob = { name: number; fail?: 'throw' | 'exit' };

export async function worker(job: WorkJob): Promise<void> {
  // print(f"Worker {name} starting"): the pid says whose process it is.
  const actor = `worker-${job.name}`;
  emit(actor, 'start', `Worker ${job.name} starting, pid ${process.pid}`, { name: job.name });
  if (job.fail === 'throw') throw new Error(`worker ${job.name} failed on purpose`);
  // A child that dies without a word: all the parent learns is the exit code.
  if (job.fail === 'exit') process.exit(3);
  // time.sleep(2): this process sleeps; the others, in processes of their own, too.
  await sleep(2000);
  emit(actor, 'finish', `Worker ${job.name} finished`, { name: job.name });
}
