// Drift. Two ways to run work every 500 ms, each tick's work taking 300 ms, side by
// side on one event loop. The chained timer waits a period after the work ends, so
// each tick adds the work's time to the schedule; the fixed-rate one aims at
// start + k * period, so lateness never adds up.
import { setTimeout } from 'node:timers/promises';
import { emit, scaled, sleep } from '@concurrency/trace';
import { nominal, secondsSince } from './setup.ts';

/** Report tick k of a schedule that started at t0, and how far behind it is. */
function tick(schedule: string, k: number, t0: number): void {
  const behind = performance.now() - (t0 + k * scaled(nominal.periodMs));
  // A timer never fires early; Math.max hides the rounding of a fraction of a ms.
  const text = `${schedule}: tick ${k} at ${secondsSince(t0)} s, ${Math.max(0, Math.round(behind))} ms behind`;
  emit(schedule, 'tick', text, { k });
}

/**
 * Chained: each timer is set after the work ends. The usual Python periodic task:
 *   while True:
 *       await asyncio.sleep(period); await work()
 * and JavaScript's `setTimeout(run, period)` called again at the end of `run`.
 */
export async function chained(ticks: number): Promise<void> {
  const t0 = performance.now();
  emit('chained', 'begin', undefined);
  for (let k = 1; k <= ticks; k++) {
    await setTimeout(scaled(nominal.periodMs));
    tick('chained', k, t0);
    await sleep(nominal.tickWorkMs);
  }
}

/**
 * Fixed rate: tick k is due at t0 + k * period, whatever the work took, and the
 * timer is set for what is left until then. In Python:
 *   next = start + k * period; await asyncio.sleep(next - loop.time())
 * Go's time.Ticker keeps such a schedule for you.
 */
export async function fixedRate(ticks: number): Promise<void> {
  const t0 = performance.now();
  emit('fixed-rate', 'begin', undefined);
  for (let k = 1; k <= ticks; k++) {
    const due = t0 + k * scaled(nominal.periodMs);
    await setTimeout(Math.max(0, due - performance.now()));
    tick('fixed-rate', k, t0);
    await sleep(nominal.tickWorkMs);
  }
}
