// Where the Redis comes from: the one named by REDIS_URL, or a redis-server this
// program starts for itself and stops at the end. Not the lesson, only its ground.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UsageError } from '@concurrency/trace';

/** The one line a machine with neither redis-server nor REDIS_URL gets (exit 2). */
export const NEEDS_REDIS =
  'needs Redis: install redis-server (Debian/Ubuntu: apt-get install redis-server; ' +
  'Homebrew: brew install redis) or set REDIS_URL to a running server';

export interface Redis {
  /** What ioredis is given: a redis:// URL, or the path of a unix socket. */
  url: string;
  /** The server this program started, if it started one. */
  server?: ChildProcess;
  /** Stop the server this program started (nothing for REDIS_URL's). */
  stop(): Promise<void>;
}

/** The file `name` would run as from PATH, if there is one. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/**
 * REDIS_URL when it is set; otherwise a redis-server of our own, on a unix socket in
 * a fresh temporary folder (no port to collide with), persistence off: nothing is
 * written to disk and nothing outlives the run.
 */
export async function redisForThisRun(): Promise<Redis> {
  const url = process.env.REDIS_URL;
  if (url) return { url, stop: async () => {} };
  const binary = onPath('redis-server');
  if (!binary) throw new UsageError(NEEDS_REDIS);
  return startRedisServer(binary);
}

// redis-server cannot tell that the program that started it has died, and would
// outlive a SIGKILL'd parent. A shell in between can: it reads a pipe from us, which
// closes however we end, and then stops the server. A signal (Ctrl-C reaches the whole
// process group) stops it too: a backgrounded command ignores SIGINT, so we pass it on.
const KEEPER = `"$0" "$@" & server=$!
trap 'kill "$server" 2>/dev/null; wait "$server"; exit 0' INT TERM HUP
read _
kill "$server" 2>/dev/null
wait "$server"`;

export async function startRedisServer(binary = onPath('redis-server')): Promise<Redis> {
  if (!binary) throw new UsageError(NEEDS_REDIS);
  const dir = mkdtempSync(join(tmpdir(), 'task-queue-redis-'));
  const socket = join(dir, 'redis.sock');
  const args = [
    ...['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700'],
    ...['--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
    ...['--loglevel', 'warning'],
  ];
  const server = spawn('/bin/sh', ['-c', KEEPER, binary, ...args], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const exited = once(server, 'exit');
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      // The keeper stops the server when its stdin closes, and waits for it.
      server.stdin?.end();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForSocket(socket),
      exited.then(([code]) => {
        throw new Error(`redis-server exited with code ${code} before it was ready`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: socket, server, stop };
}

/** Make a Redis go away at once, as a crash would: SHUTDOWN NOSAVE on its socket. */
export function shutDown(socket: string): Promise<void> {
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    connection.once('connect', () => connection.write('SHUTDOWN NOSAVE\r\n'));
    connection.once('close', () => resolve());
    connection.once('error', () => {});
  });
}

/** Poll the socket until the server answers PING: it is ready for commands. */
async function waitForSocket(socket: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await pings(socket)) return;
    if (performance.now() > deadline) throw new Error(`redis-server did not answer on ${socket}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function pings(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    connection.once('error', () => resolve(false));
    connection.once('connect', () => connection.write('PING\r\n'));
    connection.once('data', (reply) => {
      connection.destroy();
      resolve(reply.toString().startsWith('+PONG'));
    });
  });
}
