// Not the lesson: the durations every sleep is scaled from, and the names of the parts.

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  /** The Python program's `await asyncio.sleep(2)` (task.ts's default). */
  taskMs: 2000,
  /** The longest sleep of any part (as-completed's A). */
  longestMs: 3000,
} as const;

/** Which part of the lesson an event belongs to: every event carries it as `demo`. */
export type Demo = 'gather' | 'settled' | 'group' | 'timeout' | 'as-completed' | 'limit';
