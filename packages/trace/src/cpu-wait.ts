import { readFileSync } from 'node:fs';

// How long this thread has waited for a core so far, in ms: the time it was ready to
// run while another thread had the core. Linux counts it per thread, in the second
// field of /proc/thread-self/schedstat (nanoseconds). A test leaves it out of a
// maximum: on a busy machine that time is the machine's, not the program's. Where
// the file cannot be read (not Linux), the trace simply goes without it.
let readable = true;
export function cpuWaitMs(): number | undefined {
  if (!readable) return undefined;
  try {
    const nanoseconds = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
    if (Number.isFinite(nanoseconds)) return Math.round(nanoseconds / 1e4) / 100;
  } catch {}
  readable = false;
  return undefined;
}
