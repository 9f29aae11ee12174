// Proof machinery, not the lesson. Starting a process takes tens of ms, hundreds on a
// busy machine, and five do not boot at the same pace: the first could be done
// sleeping before the last has started, and "they overlap" would be luck. So every
// child says it is ready once booted and waits; when every child the parent has
// forked so far is ready, the parent sends each one `go`, and the sleeps start
// together. None of it is in the lesson's files: the parent sees each new child on
// node:diagnostics_channel's 'child_process' channel, and the children learn from
// an environment variable that they are to line up (proof-child.ts, imported first
// by child.ts). It also marks in the trace when each child has been reaped.
import type { ChildProcess } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { emit, runnableChild } from '@concurrency/trace';

/** The variable that tells a child to line up, and the messages of the line. */
export const startLine = { variable: 'MULTIPROCESSING_START_LINE', ready: 'ready', go: 'go' };

/** In the parent: line up every child forked from now on. */
export function lineUpChildren(): void {
  // Bundle the child now, so that no helper process of the bundler is counted.
  runnableChild(new URL('./child.ts', import.meta.url));
  runnableChild(new URL('./memory-child.ts', import.meta.url));
  process.env[startLine.variable] = '1';
  // The children forked since the last go, and which of them are ready.
  const pending = new Map<ChildProcess, boolean>();
  const goWhenAllReady = () => {
    if (pending.size === 0 || [...pending.values()].includes(false)) return;
    emit('main', 'go', undefined);
    for (const child of pending.keys()) child.send(startLine.go);
    pending.clear();
  };
  subscribe('child_process', (message) => {
    const child = (message as { process: ChildProcess }).process;
    // Published as the child is made; by the next tick it has its IPC channel, if any.
    process.nextTick(() => {
      child.once('close', () => emit('main', 'reaped', undefined, { pid: child.pid ?? -1 }));
      if (!child.connected) return; // not forked: it has no channel, and no line
      pending.set(child, false);
      child.on('message', (said: unknown) => {
        if (said !== startLine.ready || !pending.has(child)) return;
        pending.set(child, true);
        goWhenAllReady();
      });
      // One that ends before it is ready (it failed) must not hold the others.
      child.once('exit', () => pending.delete(child) && goWhenAllReady());
    });
  });
}
