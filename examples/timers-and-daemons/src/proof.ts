// Proof machinery, not the lesson: what `ps` says about a process, for the trace and
// the tests (the detached child is not in the run's process group, so a test that
// looks for what a run left behind must look it up by pid).
import { execFileSync } from 'node:child_process';

function ps(field: string, pid: number): string {
  try {
    return execFileSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // ps exits 1 when no such process exists
  }
}

/** The process groups of the detached child and of this process, for the trace. */
export function groups(orphan: number): { orphan: number; group: number; ownGroup: number } {
  return { orphan, group: Number(ps('pgid', orphan)), ownGroup: Number(ps('pgid', process.pid)) };
}

/** True while a process runs: ps lists it and it is not a zombie (ended, not yet reaped). */
export function isRunning(pid: number): boolean {
  const state = ps('stat', pid);
  return state !== '' && !state.startsWith('Z');
}

/** The detached child's next report line; `what` names what it had not said yet. */
export async function nextLine(lines: AsyncIterator<string>, what: string): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error(`the detached child hung up before ${what}`);
  return value;
}

/**
 * Proof only: a test that must kill the detached program before it has started its
 * child sets TIMERS_PROOF_HOLD=detached, and the program stops itself here (SIGSTOP)
 * until the test acts. Without it the program's whole life is a few milliseconds.
 */
export function holdForProof(): void {
  if (process.env.TIMERS_PROOF_HOLD === 'detached') process.kill(process.pid, 'SIGSTOP');
}
