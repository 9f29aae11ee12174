import type { ChildProcess } from 'node:child_process';

// A child process is not tied to its parent's life. If the parent is stopped by a
// signal sent to it alone (`kill -INT <pid>`, a supervisor's SIGTERM) or exits while
// children run, they run on as orphans. So the parent kills every child still running
// on its way out, then dies of the same signal (exit status 130 for SIGINT).
// The children's half, for a parent killed with no chance to do this, is in child.ts.
const running = new Set<ChildProcess>();
let cleanupInstalled = false;
export function killChildrenWhenParentGoes(child: ChildProcess): void {
  // Keep the set of children still running: a child that has exited is let go.
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  // Python: p.terminate() for each. SIGTERM lets a child run its own handlers.
  const killAll = () => {
    for (const each of running) each.kill('SIGTERM');
  };
  // On a normal exit too: a parent that fails while children run leaves none.
  process.on('exit', killAll);
  // On a signal sent to the parent alone: a handler replaces Node's default death,
  // so the handler kills the children, then raises the signal again.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal); // no listener left: the default, death by it
    });
  }
}
