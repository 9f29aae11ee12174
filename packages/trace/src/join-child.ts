import type { ChildProcess } from 'node:child_process';

/**
 * `process.join()` for a child process, set up the moment the child is forked: the
 * promise settles when the child has ended, and rejects, naming it, if it exited with
 * a code other than 0 or was killed by a signal, so a failed child can never pass for a
 * finished one.
 *
 * It waits for 'close', not 'exit': 'exit' can come before the last messages the
 * child sent have been read from the IPC channel; 'close' comes after. Call it right
 * after forking: a child that has already closed would never send the event again.
 */
export function childEnded(child: ChildProcess, name = `child ${child.pid}`): Promise<void> {
  const ended = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (signal !== null) reject(new Error(`${name} was killed by ${signal}`));
      else if (code !== 0) reject(new Error(`${name} exited with code ${code}`));
      else resolve();
    });
  });
  // Handled here so that a child failing before anyone awaits this is not an unhandled
  // rejection; whoever awaits the returned promise still gets the error.
  ended.catch(() => {});
  return ended;
}
