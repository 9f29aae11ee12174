import { afterEach, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.ts';
import { TIME_SCALE_VAR } from '../src/env.ts';
import { scaled, sleep, timeScale } from '../src/time.ts';

afterEach(() => {
  delete process.env[TIME_SCALE_VAR];
});

describe('the time scale', () => {
  it('is 1 when unset', () => {
    expect(timeScale(undefined)).toBe(1);
  });

  it('multiplies every nominal duration', () => {
    process.env[TIME_SCALE_VAR] = '0.25';
    expect(scaled(2000)).toBe(500);
  });

  it.each(['abc', '0', '-1', 'NaN', 'Infinity', '1e999'])(
    'rejects %j with a clear error',
    (raw) => {
      expect(() => timeScale(raw)).toThrow(`time scale must be a positive number, got "${raw}"`);
    },
  );

  it('a scaled sleep lasts at least its scaled time', async () => {
    process.env[TIME_SCALE_VAR] = '0.1';
    const start = nowMs();
    await sleep(500);
    // Timers may fire up to a millisecond early; never much more.
    expect(nowMs() - start).toBeGreaterThanOrEqual(49);
  });
});
