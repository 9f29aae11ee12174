// Setup, not the lesson: this run holds many files open at once (three pool threads,
// child processes and their channels, the bundler that builds them on a first run).
// Below this open-file limit a first run hangs in the bundler, so it is refused here
// in one line that says what to raise.
import { readFileSync } from 'node:fs';

const NEEDED = 100;

/** The soft open-file limit (`ulimit -n`), where the system says (Linux); else undefined. */
function openFileLimit(): number | undefined {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

export function checkOpenFileLimit(): void {
  const limit = openFileLimit();
  if (limit !== undefined && limit < NEEDED) {
    throw new Error(
      `the open-file limit (ulimit -n) is ${limit}, and this run needs about ${NEEDED}: ` +
        'raise it (ulimit -n 1024) and run again',
    );
  }
}
