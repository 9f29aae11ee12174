// withTimeout on its own, in this process, on fake timers: a task that ends in time
// leaves no timer behind (the `finally` clears it), and a task that runs past the
// deadline is told through its signal, while its caller hears TimeoutError.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError, withTimeout } from '../src/timeout.ts';

describe('withTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a task that ends in time returns its result and leaves no timer pending', async () => {
    expect(await withTimeout(1000, async () => 'quick')).toBe('quick');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a task that fails in time rejects with its own error and leaves no timer pending', async () => {
    const failing = withTimeout(1000, async () => {
      throw new Error('own failure');
    });
    await expect(failing).rejects.toThrow('own failure');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a task past its deadline has its signal aborted; the caller hears TimeoutError', async () => {
    let heard: AbortSignal | undefined;
    const slow = withTimeout(1000, (signal) => {
      heard = signal;
      return new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(new Error('task stopped')));
      });
    });
    const outcome = slow.catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(heard?.aborted).toBe(true);
    expect(await outcome).toBeInstanceOf(TimeoutError);
  });
});
