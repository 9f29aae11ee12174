// Drift. Two ways to run work every 500 ms, each tick's work taking 300 ms, side by
// side on one event loop. They differ in one line: how long the timer is set for.
import { setTimeout } from 'node:timers/promises';
import { emit, scaled, sleep } from '@concurrency/trace';
import { nominal, secondsSince } from './setup.ts';

export type Schedule = 'chained' | 'fixed-rate';

/** Report tick k of a schedule that started at t0, and how far behind it is. */
function tick(schedule: Schedule, k: number, t0: number): void {
  const behind = performance.now() - (t0 + k * scaled(nominal.periodMs));
  // A timer never fires early; Math.max hides the rounding of a fraction of a ms.
  const text = `${schedule}: tick ${k} at ${secondsSince(t0)} s, ${Math.max(0, Math.round(behind))} ms behind`;
  emit(schedule, 'tick', text, { k });
}

/** Tick `ticks` times, a period apart as the schedule understands it, working each time. */
export async function runSchedule(schedule: Schedule, ticks: number): Promise<void> {
  emit(schedule, 'begin', undefined);
  const t0 = performance.now();
  for (let k = 1; k <= ticks; k++) {
    if (schedule === 'chained') {
      // Chained: a whole period from now, after the work. The usual Python loop,
      //   while True: await asyncio.sleep(period); await work()
      // and JavaScript's `setTimeout(run, period)` called again at the end of run().
      // Every tick adds the work's time to the schedule: it drifts.
      await setTimeout(scaled(nominal.periodMs));
    } else {
      // Fixed rate: tick k is due at t0 + k * period, whatever the work took, so
      // lateness never adds up. Python: await asyncio.sleep(next - loop.time()).
      // Go's time.Ticker keeps such a schedule for you.
      await setTimeout(Math.max(0, t0 + k * scaled(nominal.periodMs) - performance.now()));
    }
    tick(schedule, k, t0);
    await sleep(nominal.tickWorkMs);
  }
}
