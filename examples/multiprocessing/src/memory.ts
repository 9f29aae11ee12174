// Parts two and three: what a child process shares with its parent. Nothing: not
// the memory the parent has now, not the values it set before the fork.
import { emit } from '@concurrency/trace';
import { addAndSay, counter, peek, setCounter } from './counter.ts';
import { type MemoryJob, type Report, startProcess } from './process.ts';

// The file both children run: a child process starts from a file, not a function.
const childFile = new URL('./memory-child.ts', import.meta.url);

/**
 * "Each process has its own memory space": a child adds 1 to the module-level
 * `counter`; the parent's own copy stays as it was, and the child's value comes back
 * only inside a message. `inline` makes the change in this process, for contrast.
 */
export async function showSeparateMemory({ inline = false } = {}): Promise<void> {
  emit('main', 'read', `Parent: counter is ${counter} before the child runs`, { value: counter });
  // p = Process(target=add_to_counter, args=(1,)); p.start(); p.join()
  const job: MemoryJob = { kind: 'counter', amount: 1 };
  const reports: Report[] = [];
  if (inline) {
    reports.push({ kind: 'counter', value: addAndSay(job.amount) });
  } else {
    const started = startProcess(childFile, job, 'the counter child');
    await started.ended;
    reports.push(...started.reports);
  }
  // Still the parent's own value: the child changed its copy, in its own memory.
  emit('main', 'read', `Parent: counter is ${counter} after the child ran`, { value: counter });
  // The one way the child's value reaches us: a message (Python: a Queue).
  for (const report of reports) {
    if (report.kind === 'counter') {
      const text = `Parent: the child's message says ${report.value}`;
      emit('main', 'message', text, { value: report.value });
    }
  }
}

/**
 * fork() copies nothing: the parent sets its counter to 10, then starts a child, and
 * the child finds the counter at 0, the value counter.ts starts with, because it loaded
 * the module itself. Python's "spawn" start method does the same; its "fork" method
 * (os.fork, the default on Linux up to Python 3.13) would hand the child a copy of the
 * parent's memory, 10 included. `inline` reads it in this process: 10.
 */
export async function showFreshStart({ inline = false } = {}): Promise<void> {
  // counter = 10, then Process(target=peek).start(): does the child see 10?
  setCounter(10);
  emit('main', 'set', `Parent: counter set to ${counter}, then a child starts`, { value: counter });
  const job: MemoryJob = { kind: 'peek' };
  if (inline) peek();
  else await startProcess(childFile, job, 'the fresh child').ended;
}
