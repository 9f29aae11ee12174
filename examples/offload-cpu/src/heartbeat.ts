import { emit, scaled } from '@concurrency/trace';
import { nominal, type Part } from './cpu-task.ts';

export interface Heartbeat {
  /** Stop ticking; returns the longest time, in ms, between two beats. */
  stop(): number;
}

/**
 * A timer on main's event loop that means to tick every 50 ms (nominal). It can only
 * tick when the loop is free: while main's one thread runs JavaScript, a timer that
 * is due waits. The longest gap between two beats is how long the loop was stuck.
 * Beats go to the trace only, where the test measures the same gaps.
 */
export function startHeartbeat(part: Part): Heartbeat {
  // Each gap is measured between the beats' own trace timestamps (emit returns the
  // event), so the figure printed is exactly the one the trace shows.
  let last = emit('main', 'beat', undefined, { part }).t;
  let longest = 0;
  const beat = (): void => {
    const { t } = emit('main', 'beat', undefined, { part });
    longest = Math.max(longest, t - last);
    last = t;
  };
  const timer = setInterval(beat, scaled(nominal.beatMs));
  return {
    stop() {
      beat();
      clearInterval(timer);
      return longest;
    },
  };
}
