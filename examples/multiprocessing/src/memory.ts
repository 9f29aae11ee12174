// Parts two and three: what a child process shares with its parent. Nothing: not the
// memory the parent has now, not the values it set before the fork.
import { emit } from '@concurrency/trace';
import { type Report, startProcess } from './process.ts';

// A module-level value, the kind a Python module keeps in a global. Every process that
// imports this file gets its own copy, in its own memory.
export let counter = 0;

// The file both children run (memory-child.ts), and their jobs.
const childFile = new URL('./memory-child.ts', import.meta.url);
export type MemoryJob = { kind: 'counter'; amount: number } | { kind: 'peek' };

// def add_to_counter(amount): change this process's own copy, and say what it is now.
export function addToCounter(amount: number): number {
  counter += amount;
  const text = `Child, pid ${process.pid}: counter is now ${counter}`;
  emit('child', 'changed', text, { value: counter });
  return counter;
}

// Part two, "each process has its own memory space": a child adds 1 to `counter`; the
// parent's copy stays as it was, and the child's value comes back only in a message.
// `inline` makes the change in this process, for contrast.
export async function showSeparateMemory(inline = false): Promise<void> {
  emit('main', 'read', `Parent: counter is ${counter} before the child runs`, { value: counter });
  // p = Process(target=add_to_counter, args=(1,)); p.start(); p.join()
  const reports: Report[] = [];
  if (inline) reports.push({ kind: 'counter', value: addToCounter(1) });
  else {
    const started = startProcess(childFile, { kind: 'counter', amount: 1 }, 'the counter child');
    await started.ended;
    reports.push(...started.reports);
  }
  // Still the parent's own value: the child changed its copy, in its own memory.
  emit('main', 'read', `Parent: counter is ${counter} after the child ran`, { value: counter });
  // The one way the child's value reaches us: a message (Python: queue.get()).
  const message = reports.find((report) => report.kind === 'counter');
  const text = `Parent: the child's message says ${message?.value}`;
  if (message) emit('main', 'message', text, { value: message.value });
}

// Part three's job: only look, in a process the parent started after setting its 10.
export function peek(): void {
  const text = `Child, pid ${process.pid}: counter starts at ${counter} here`;
  emit('fresh-child', 'peek', text, { value: counter });
}

// Part three, fork() copies nothing: the parent sets its counter to 10, then starts a
// child, which finds 0, the value this file starts with, because it loaded the module
// itself. Python's "spawn" start method does the same; its "fork" method (os.fork, the
// default on Linux up to Python 3.13) would hand the child a copy of the parent's
// memory, 10 included. `inline` reads it in this process: 10.
export async function showFreshStart(inline = false): Promise<void> {
  // counter = 10, then Process(target=peek).start(): does the child see 10?
  counter = 10;
  emit('main', 'set', `Parent: counter set to ${counter}, then a child starts`, { value: counter });
  if (inline) peek();
  else await startProcess(childFile, { kind: 'peek' } satisfies MemoryJob, 'the fresh child').ended;
}
