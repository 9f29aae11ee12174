import { setTimeout as delay } from 'node:timers/promises';
import { TIME_SCALE_VAR } from './env.ts';

/**
 * The factor every sleep is multiplied by: 1 when a person runs an example, smaller
 * in tests so the suite is fast. A value that is not a positive number is a mistake
 * worth stopping for, not something to replace silently with 1.
 */
export function timeScale(raw: string | undefined = process.env[TIME_SCALE_VAR]): number {
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`time scale must be a positive number, got "${raw}"`);
  }
  return scale;
}

/** The real milliseconds that a nominal duration takes at the current time scale. */
export function scaled(nominalMs: number): number {
  return nominalMs * timeScale();
}

/** `time.sleep` / `asyncio.sleep`: wait a nominal duration, scaled. */
export function sleep(nominalMs: number, options: { signal?: AbortSignal } = {}): Promise<void> {
  const ms = scaled(nominalMs);
  // Node fires a longer timer after 1 ms (TimeoutOverflowWarning): a fake success.
  if (ms > 2 ** 31 - 1) throw new RangeError(`a sleep of ${ms} ms is longer than a timer can hold`);
  return delay(ms, undefined, options);
}

const blocker = new Int32Array(new SharedArrayBuffer(4));

/** Block this whole thread for a nominal duration, as `time.sleep` does to a Python thread. */
export function sleepBlocking(nominalMs: number): void {
  Atomics.wait(blocker, 0, 0, scaled(nominalMs));
}
