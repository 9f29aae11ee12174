// Every open download holds a socket, and every socket is an open file: a run that
// needs more than the open-file limit (`ulimit -n`) allows would end in a flood of
// socket errors. It is checked first, and refused in one line that names the limit.
import { readFileSync } from 'node:fs';
import { UsageError } from '@concurrency/trace';

/** File descriptors kept free for Node itself, the trace, stdio and the IPC channels. */
export const SPARE_FILES = 100;

/** `ulimit -n`, the soft limit, from /proc where Linux has it (else macOS's default, 256). */
export function openFileLimit(): { limit: number; from: string } {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((each) => each.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft === 'unlimited') return { limit: Number.MAX_SAFE_INTEGER, from: '/proc/self/limits' };
    if (soft && /^\d+$/.test(soft)) return { limit: Number(soft), from: '/proc/self/limits' };
  } catch {}
  return { limit: 256, from: 'the default assumed without /proc' };
}

/** Refuse `what` if `sockets` open at once leave fewer than SPARE_FILES free; `instead` helps. */
export function checkOpenFiles(what: string, sockets: number, instead: (most: number) => string) {
  const { limit, from } = openFileLimit();
  const need = sockets + SPARE_FILES;
  if (need <= limit) return limit;
  const most = limit - SPARE_FILES;
  throw new UsageError(
    `${what} needs ${need} open files, but the open-file limit (ulimit -n, from ${from}) is ` +
      `${limit}: raise it with \`ulimit -n ${need}\`${most > 0 ? `, or ${instead(most)}` : ''}`,
  );
}
