// One Redis connection, as the producer and every worker open it: ioredis, the client
// BullMQ drives. Shared by both sides of the queue, so it lives in its own file.
import { emit, scaled } from '@concurrency/trace';
import { Redis } from './libraries.ts';
import { nominal } from './nominal.ts';

/**
 * A connection to `url` (a redis:// URL or a unix socket's path). BullMQ needs
 * `maxRetriesPerRequest: null`: a worker's blocking wait for the next job must not
 * fail because it waited long. ioredis reconnects forever by default; here it gives
 * up after `nominal.giveUpMs` (scaled) and the connection ends, so a Redis that went
 * away is reported instead of waited for.
 */
export function connect(url: string): Redis {
  const giveUpMs = Math.max(scaled(nominal.giveUpMs), 200);
  const retryMs = 50;
  const connection = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => (times * retryMs > giveUpMs ? null : retryMs),
  });
  // ioredis prints an 'error' nobody listens to on stderr; the ending is what counts.
  connection.on('error', () => {});
  return connection;
}

/**
 * Resolves when `connection` has given up on Redis for good (not when it is closed
 * on purpose: call `stopWatching` first). The caller decides what a loss means.
 */
export function lostRedis(connection: Redis, actor: string) {
  let watching = true;
  const lost = new Promise<Error>((resolve) => {
    connection.once('end', () => {
      if (!watching) return;
      const error = new Error(`lost Redis: no answer for ${scaled(nominal.giveUpMs)} ms`);
      emit(actor, 'lost-redis', `${actor} lost Redis`);
      resolve(error);
    });
  });
  return {
    lost,
    stopWatching: () => {
      watching = false;
    },
  };
}
