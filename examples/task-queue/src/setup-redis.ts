// Where the Redis comes from (REDIS_URL's, or a redis-server of our own) and how a run
// keeps hold of it: a Redis that stops answering ends the run, never hangs it.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, UsageError } from '@concurrency/trace';
import { ms, nominal } from './nominal.ts';
import { Redis } from './setup-bullmq.ts';

/** The one line a machine with neither redis-server nor REDIS_URL gets (exit 2). */
export const NEEDS_REDIS =
  'needs Redis: install redis-server (Debian/Ubuntu: apt-get install redis-server; ' +
  'Homebrew: brew install redis) or set REDIS_URL to a running server';

/** How long Redis may stay silent before a run gives up on it, in real ms. */
export const giveUpMs = () => Math.max(ms(nominal.giveUpMs), 2000);

/** The file `name` would run as from PATH, if there is one (the shell's `command -v`). */
export const onPath = (name: string): string | undefined =>
  spawnSync('/bin/sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() ||
  undefined;

/** REDIS_URL's server, or a redis-server of our own (stop() is a no-op for REDIS_URL's). */
export async function redisForThisRun() {
  const url = process.env.REDIS_URL;
  if (url) emit('main', 'redis', '# Redis: REDIS_URL');
  if (url) return { url, stop: async () => {} };
  const binary = onPath('redis-server');
  if (!binary) throw new UsageError(NEEDS_REDIS);
  emit('main', 'redis', '# Redis: starting a redis-server of its own, on a unix socket...');
  return startRedisServer(binary);
}

// redis-server cannot tell that its parent died; a shell in between reads a pipe from
// us, which closes however we end (SIGKILL too), then stops the server (SIGCONT wakes
// a stopped one) and removes the folder. It passes on Ctrl-C, which a `&` ignores.
const KEEPER = `"$0" "$@" & server=$!
stop() { kill "$server" 2>/dev/null; kill -CONT "$server" 2>/dev/null; wait "$server"; rm -rf "$KEEPER_DIR"; exit 0; }
trap stop INT TERM HUP
read _
stop`;

/** A redis-server on a unix socket in a fresh folder, persistence off, nothing kept. */
export async function startRedisServer(binary = onPath('redis-server')) {
  if (!binary) throw new UsageError(NEEDS_REDIS);
  const dir = mkdtempSync(join(tmpdir(), 'task-queue-redis-'));
  const url = join(dir, 'redis.sock');
  const args = [
    ...['--port', '0', '--unixsocket', url, '--unixsocketperm', '700', '--dir', dir],
    ...['--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
  ];
  const keeper = spawn('/bin/sh', ['-c', KEEPER, binary, ...args], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, KEEPER_DIR: dir },
  });
  const exited = once(keeper, 'exit');
  const stop = async () => {
    keeper.stdin?.end();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = performance.now() + 10_000;
  while (!(await pings(url))) {
    if (keeper.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { url, stop };
}

/** True once a unix socket answers PING: the server is ready for commands. */
function pings(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection(socket, () => connection.write('PING\r\n'));
    connection.once('error', () => resolve(false));
    connection.once('data', (reply) => resolve(reply.toString().startsWith('+PONG')));
    connection.once('data', () => connection.destroy());
  });
}

/** BullMQ needs `maxRetriesPerRequest: null`: a blocking wait for a job must not fail. */
export function connect(url: string): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  // ioredis prints an 'error' nobody listens to; a silent Redis is the watch's to report.
  return connection.on('error', () => {});
}

/** True for the errors a Redis that went away causes (the watch reports those). */
export const isConnectionError = (error: Error) =>
  /ECONNREFUSED|ECONNRESET|ENOENT|EPIPE|Connection is closed|Stream isn't/.test(error.message);
/** BullMQ's 'error' for a job's lock gone while the worker was held back: expired, or another's. */
export const lockLost = (e: Error) => /renew lock|Missing lock|Lock mismatch/.test(e.message);

// `lost` resolves with an error once Redis has not answered a PING for giveUpMs, a
// BullMQ 'error' is reported, or a promise nobody awaited rejects (BullMQ leaves some;
// the ones a lost Redis causes are the silence's to report).
export function watchRedis(redis: Redis, actor: string) {
  // A connection of its own: another may be blocked in a wait for jobs or events.
  const connection = redis.duplicate().on('error', () => {});
  const limit = giveUpMs();
  let [heard, tick, settled, silent] = [performance.now(), performance.now(), false, false];
  let resolve!: (error: Error) => void;
  const lost = new Promise<Error>((settle) => (resolve = settle));
  const stop = () => {
    settled = true;
    clearInterval(timer);
    connection.disconnect();
  };
  const settle = (error: Error, event: string, text: string) => {
    if (settled) return;
    stop();
    emit(actor, event, text);
    resolve(error);
  };
  const report = (error: Error) => {
    if (!isConnectionError(error)) settle(error, 'crash', `${actor} failed: ${error.message}`);
  };
  const lostLine = `${actor} lost Redis`;
  const answered = () => {
    heard = performance.now();
  };
  const timer = setInterval(() => {
    // A late tick means this process was busy (building a bundle, a loaded machine),
    // not that Redis was silent: its answer may be waiting unread.
    if (performance.now() - tick > limit / 4) heard = performance.now();
    tick = performance.now();
    silent = tick - heard > limit;
    if (silent) settle(new Error(`lost Redis: no answer for ${limit} ms`), 'lost-redis', lostLine);
    else connection.ping().then(answered, () => {});
  }, limit / 8);
  process.on('unhandledRejection', (error) =>
    report(error instanceof Error ? error : new Error(String(error))),
  );
  return { lost, report, stop, silent: () => silent };
}

/** Delete every key of this run's queue (and its payment's): all start with `prefix`. */
export async function removeKeys(connection: Redis, prefix: string): Promise<number> {
  const script = `local keys = redis.call('KEYS', ARGV[1])
for _, key in ipairs(keys) do redis.call('DEL', key) end return #keys`;
  return (await connection.eval(script, 0, `${prefix}*`)) as number;
}
