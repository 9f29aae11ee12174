// Rate limiting with a token bucket: at most `rate` requests a second, in bursts of
// up to `burst`. The bucket holds at most `burst` tokens and gains `rate` a second;
// each request takes one, and waits for one when the bucket is empty.
import { setTimeout } from 'node:timers/promises';
import { emit, scaled, sleep } from '@concurrency/trace';
import { TokenBucket } from 'limiter';
import { nominal, secondsSince } from './setup.ts';

/**
 * A token bucket; `take()` resolves when the caller may go. Go's x/time/rate:
 *   limiter := rate.NewLimiter(2, 3); limiter.Wait(ctx)
 * Python has none in its standard library; its twin is this function with
 * time.monotonic() and `await asyncio.sleep(wait)` behind an asyncio.Lock.
 */
export function tokenBucket(rate: number, burst: number): () => Promise<void> {
  const perMs = rate / scaled(1000);
  let tokens = burst; // it starts full
  let last = performance.now();
  // Callers queue up: each waits for its token after the one before has had its own.
  let queue = Promise.resolve();
  async function waitForToken(): Promise<void> {
    for (;;) {
      // Refill for the time gone by, but never beyond the burst: an idle bucket
      // saves up `burst` tokens, not one for every second it was idle.
      const now = performance.now();
      tokens = Math.min(burst, tokens + (now - last) * perMs);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      // Sleep until one whole token is there, then look again.
      await setTimeout((1 - tokens) / perMs);
    }
  }
  return () => {
    queue = queue.then(waitForToken);
    return queue;
  };
}

/**
 * The same workload through each limiter: the client is idle for a second, then
 * sends all its requests at once, and each goes when the limiter lets it.
 */
export async function limitBoth(rate: number, burst: number, requests: number): Promise<void> {
  const take = tokenBucket(rate, burst);
  // In production: the `limiter` package's TokenBucket, the rate given per interval.
  const library = new TokenBucket({
    bucketSize: burst,
    tokensPerInterval: rate,
    interval: scaled(1000),
  });
  library.content = burst; // it starts empty, ours full: fill it, so both begin alike
  await sleep(nominal.idleMs);
  await sendAll('bucket', take, requests);
  await sendAll('limiter', () => library.removeTokens(1), requests);
}

/** Send every request at once; each waits for its token, then goes. */
async function sendAll(name: string, take: () => Promise<unknown>, requests: number) {
  const t0 = performance.now();
  const send = async (i: number) => {
    await take();
    emit(name, 'go', `${name}: request ${i} at ${secondsSince(t0)} s`, { request: i });
  };
  await Promise.all(Array.from({ length: requests }, (_, i) => send(i + 1)));
}
