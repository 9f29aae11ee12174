// Rate limiting with a token bucket: at most `rate` requests a second, in bursts of
// up to `burst`. The bucket holds at most `burst` tokens and gains `rate` a second;
// each request takes one, and waits for one when the bucket is empty.
import { setTimeout } from 'node:timers/promises';
import { emit, scaled, sleep } from '@concurrency/trace';
import { TokenBucket as LibraryBucket } from 'limiter';
import { nominal, secondsSince } from './setup.ts';

// Go: limiter := rate.NewLimiter(rate.Limit(5), 3); limiter.Wait(ctx)
// Python has none in its standard library: the same class with time.monotonic()
// and `await asyncio.sleep(wait)` behind an asyncio.Lock.
export class TokenBucket {
  #tokens: number;
  #last = performance.now();
  #perMs: number;
  #burst: number;
  // Waiters queue up in order: each take() starts when the one before has its token.
  #queue = Promise.resolve();

  constructor(rate: number, burst: number) {
    this.#perMs = rate / scaled(1000);
    this.#burst = burst;
    this.#tokens = burst; // it starts full
  }

  take(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#waitForToken());
    return this.#queue;
  }

  async #waitForToken(): Promise<void> {
    for (;;) {
      // Refill for the time gone by, but never beyond the burst: an idle bucket
      // saves up `burst` tokens, not one for every second it was idle.
      const now = performance.now();
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#perMs);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      // Sleep until one whole token is there, then look again.
      await setTimeout((1 - this.#tokens) / this.#perMs);
    }
  }
}

/**
 * The same workload through each: the client is idle for a second, then sends all
 * its requests at once, and each goes when the limiter lets it. `limiter` is the
 * library to use in production; its TokenBucket takes the rate per interval.
 */
export async function limitBoth(rate: number, burst: number, requests: number): Promise<void> {
  const mine = new TokenBucket(rate, burst);
  const library = new LibraryBucket({
    bucketSize: burst,
    tokensPerInterval: rate,
    interval: scaled(1000),
  });
  // limiter's TokenBucket starts empty, ours full: fill it, so both begin alike.
  library.content = burst;
  await sleep(nominal.idleMs);
  await sendAll('bucket', () => mine.take(), requests);
  await sendAll('limiter', () => library.removeTokens(1), requests);
}

/** Send every request at once; each waits for its token, then goes. */
async function sendAll(name: string, take: () => Promise<unknown>, requests: number) {
  const t0 = performance.now();
  const send = async (i: number) => {
    await take();
    emit(name, 'start', `${name}: request ${i} at ${secondsSince(t0)} s`, { request: i });
  };
  await Promise.all(Array.from({ length: requests }, (_, i) => send(i + 1)));
}
