import type { ChildProcess } from 'node:child_process';
import { childEnded, emit, forkChild } from '@concurrency/trace';
import { counter } from './counter.ts';
import { type Job, nominal, type Report, runJob } from './jobs.ts';

export { nominal };

const childFile = new URL('./child.ts', import.meta.url);

interface Started {
  child: ChildProcess;
  /** Resolves once the child has booted and waits for the go; rejects if it ends first. */
  ready: Promise<void>;
  /** Settles when the child has ended; rejects naming it, and saying why if it told us. */
  ended: Promise<void>;
  reports: Report[];
}

// multiprocessing.Process(target=worker, args=(i,)) plus .start(): fork() starts a new
// Node process running child.ts. The job crosses as a command-line argument (text),
// and anything coming back crosses the IPC channel as a message: no memory is shared.
function startProcess(job: Job, name: string): Started {
  const child = forkChild(childFile, [JSON.stringify(job)]);
  const reports: Report[] = [];
  child.on('message', (message: Report) => reports.push(message));
  const ended = childEnded(child, name).catch((error: Error) => {
    const told = reports.find((report) => report.kind === 'failed');
    throw told ? new Error(`${name} failed: ${told.message}`) : error;
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: Report) => message.kind === 'ready' && resolve());
    ended.then(() => reject(new Error(`${name} ended before it was ready`)), reject);
  });
  ready.catch(() => {});
  return { child, ready, ended, reports };
}

// Starting a process takes tens of ms, hundreds on a busy machine, and the five do
// not boot at the same pace. Each child says when it is ready; only when all are does
// the parent send the go, so the sleeps overlap however uneven the start-up was.
async function goTogether(started: readonly Started[]): Promise<void> {
  await Promise.all(started.map(({ ready }) => ready));
  emit('main', 'go', undefined);
  for (const { child } of started) child.send('go');
}

/** Mark each child's end in the trace, so a check can see every one had exited. */
async function traceEnd(name: number, started: Started): Promise<void> {
  await started.ended;
  emit('main', 'reaped', undefined, { name, pid: started.child.pid ?? -1 });
}

/**
 * The seed's program: five processes each start, sleep 2 s and finish. Started
 * together they overlap. `sequential` joins each before starting the next (the broken
 * contrast); `inline` runs the same code in this process, so there is one pid.
 * If a child fails, the others are killed at once and the failure names the child.
 */
export async function runProcesses({
  count = nominal.processes as number,
  sequential = false,
  inline = false,
  failing = undefined as number | undefined,
  failBy = 'throw' as 'throw' | 'exit',
} = {}): Promise<void> {
  const jobs: Job[] = Array.from({ length: count }, (_, name) => ({
    kind: 'work',
    name,
    ...(name === failing ? { fail: failBy } : {}),
  }));
  if (inline) {
    await Promise.all(jobs.map((job) => runJob(job, () => {})));
  } else {
    const started: Started[] = [];
    try {
      for (const [name, job] of jobs.entries()) {
        const one = startProcess(job, `worker ${name}`);
        started.push(one);
        if (sequential) {
          await goTogether([one]);
          await traceEnd(name, one);
        }
      }
      if (!sequential) await goTogether(started);
      // for p in processes: p.join(). Promise.all rejects at the first failure,
      // instead of waiting for children that will never be asked for again.
      await Promise.all(started.map((one, name) => traceEnd(name, one)));
    } catch (error) {
      // Kill the rest and wait until they are gone: nothing outlives a failed run.
      for (const { child } of started) child.kill('SIGTERM');
      await Promise.allSettled(started.map(({ ended }) => ended));
      emit('main', 'abort', undefined, { reason: (error as Error).message });
      throw error;
    }
  }
  emit('main', 'all-finished', `Parent: all ${count} workers finished`);
}

/**
 * "Each process has its own memory space": a child adds 1 to the module-level
 * `counter`; the parent's own copy stays as it was, and the child's value comes back
 * only inside a message. `inline` makes the change in this process, for contrast.
 */
export async function showSeparateMemory({ inline = false } = {}): Promise<void> {
  emit('main', 'read', `Parent: counter is ${counter} before the child runs`, { value: counter });
  const job: Job = { kind: 'counter', amount: 1 };
  const reports: Report[] = [];
  if (inline) {
    await runJob(job, (report) => reports.push(report));
  } else {
    const started = startProcess(job, 'the counter child');
    await started.ended;
    reports.push(...started.reports);
  }
  emit('main', 'read', `Parent: counter is ${counter} after the child ran`, { value: counter });
  for (const report of reports) {
    if (report.kind === 'counter') {
      const text = `Parent: the child's message says ${report.value}`;
      emit('main', 'message', text, { value: report.value });
    }
  }
}
