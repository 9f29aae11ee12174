// Periodic work. `setInterval` from node:timers/promises is an async iterator: each
// turn of a `for await` loop is one tick, and the loop asks for the next tick only
// when the body is done, so a slow beat delays the next one and never overlaps it.
// An AbortSignal stops it. Go's `time.NewTicker` and `ticker.Stop()`, in Node.
import { clearInterval, setInterval as setIntervalCallback } from 'node:timers';
import { setInterval } from 'node:timers/promises';
import { emit, scaled, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

/** One beat of work: most take 200 ms, beat 2 takes 800 ms, longer than the period. */
async function beat(n: number, fail?: number): Promise<void> {
  emit('ticker', 'start', `Beat ${n} starts`, { beat: n });
  if (n === fail) throw new Error(`beat ${n} failed on purpose`);
  await sleep(n === nominal.slowBeat ? nominal.slowMs : nominal.workMs);
  emit('ticker', 'done', `Beat ${n} done`, { beat: n });
}

/**
 * A ticker that beats every 500 ms until its AbortController is aborted. A beat
 * that throws ends the loop, and leaving a `for await` loop clears the interval:
 * no timer is left behind to keep the process alive.
 */
export async function heartbeat(beats: number, fail?: number): Promise<void> {
  // Python has no ticker; its periodic task is a loop that sleeps:
  //   async def heartbeat(stop: asyncio.Event):
  //       while not stop.is_set():
  //           await asyncio.sleep(period); await beat(n)
  // Go: ticker := time.NewTicker(period); for range ticker.C { beat(n) }
  const stop = new AbortController();
  // The interval starts now; its first tick comes one period later, not at once.
  const ticks = setInterval(scaled(nominal.periodMs), undefined, { signal: stop.signal });
  let n = 0;
  try {
    for await (const _ of ticks) {
      await beat(++n, fail);
      // Whoever holds the controller stops the ticker: here the loop itself after
      // the last beat; in a server, its shutdown handler. Go: ticker.Stop().
      if (n === beats) stop.abort();
    }
  } catch (error) {
    // After abort() the iterator throws an AbortError: that is how it ends, not a
    // failure. Anything else (a beat that threw) goes on up.
    if ((error as Error).name !== 'AbortError') throw error;
  }
  emit('ticker', 'stopped', `Ticker stopped after ${n} beats`);
}

/**
 * The broken contrast: the callback `setInterval` calls `beat` every period
 * whether or not the last one has finished, so the slow beat 2 and beat 3 run at
 * the same time, and nothing waits for a beat that is still running.
 */
export async function callbackTicker(beats: number): Promise<void> {
  const running: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const timer = setIntervalCallback(() => {
      running.push(beat(running.length + 1));
      if (running.length === beats) resolve(clearInterval(timer));
    }, scaled(nominal.periodMs));
  });
  await Promise.all(running); // only so that the run ends after the last beat
  emit('ticker', 'stopped', `Ticker stopped after ${beats} beats`);
}
