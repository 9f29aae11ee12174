// The header of each part, as main prints it: a broken twin's flag changes what the
// run shows, so it changes the header too (the second text, printed with the flag).
export const headers = {
  timers: [
    '# Timers: one cancelled in time, one that fired first, one aborted',
    '# Timers never cancelled: A and C fire (--no-cancel)',
  ],
  child: ['# A child process not joined: main continues'],
  daemon: [
    '# A daemon thread and timer: unref() lets the program end',
    '# A thread and timer not unref()d hold the program to their end (--no-unref)',
  ],
  normal: ['# A normal thread and timer keep the program alive'],
  detached: ['# A detached child outlives its parent'],
  await: [
    '# await: the result arrives, the failure is caught',
    '# Forgetting await: the result is lost, the failure crashes (--forget-await)',
  ],
} as const;

/** The header of `part`, the broken twin's when `broken` is set. */
export const header = (part: keyof typeof headers, broken = false): string =>
  headers[part].at(broken ? -1 : 0)!;
