// A small whole program, run as a child process so that its end can be watched:
// what keeps a Node process alive, and what does not. Its first argument names
// the scene; the last thing it reports is its own exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { emit, runnableChild, scaled, sleep, workerEntry } from '@concurrency/trace';
import { holdForProof } from './proof.ts';
import { nominal } from './setup.ts';
import type { Ticker } from './ticker.ts';

const [scene, option] = process.argv.slice(2) as [string, string | undefined];
process.on('exit', (code) => emit(scene, 'exit', `${scene}: the process exits (code ${code})`));
// If the parent dies, this program goes too: it must not tick on under init.
process.on('disconnect', () => process.exit(1));
// The channel to the parent must not keep this program alive (listening to it holds
// it open; unref() says otherwise): that is for its own threads, timers and children
// to decide, which is the lesson.
process.channel?.unref();

// threading.Thread(target=tick).start(): a worker thread running ticker.ts.
function startTicker(job: Ticker): Worker {
  return new Worker(workerEntry(new URL('./ticker.ts', import.meta.url)), { workerData: job });
}

if (scene === 'daemon') {
  // thread = Thread(target=tick, daemon=True): worker.unref() lets the process
  // end without waiting for it, and the thread ends with the process.
  const unref = option !== 'no-unref';
  const { daemonTicks: ticks, daemonTickMs: tickMs } = nominal;
  const thread = startTicker({ name: 'daemon-thread', ticks, tickMs });
  if (unref) thread.unref();
  // Its first message says it ticks: main's last line comes while it runs.
  await once(thread, 'message');
  // A timer can be a daemon too: an unref'd timer does not hold the process.
  const timer = setTimeout(
    () => emit('daemon', 'fire', 'daemon: the long timer fired'),
    scaled(nominal.longTimerMs),
  );
  if (unref) timer.unref();
  // Halfway between two ticks, main's code ends. Nothing ref'd is left, so the
  // process exits now and the thread dies mid-sleep, as a daemon thread does.
  await sleep(1.5 * tickMs);
  emit('daemon', 'last-line', "daemon: main's last line");
} else if (scene === 'normal') {
  // A thread that is not a daemon, and a timer not unref'd: main's code ends
  // first, and the process waits for both.
  const thread = startTicker({ name: 'thread', ticks: 3, tickMs: nominal.childTickMs });
  await once(thread, 'message');
  // A ref'd timer, like a non-daemon threading.Timer: the exit waits for it to fire.
  setTimeout(() => emit('normal', 'fire', 'normal: the timer fired'), scaled(nominal.timerMs));
  emit('normal', 'last-line', "normal: main's last line; the thread and the timer still run");
} else if (scene === 'detached') {
  // Proof only, a no-op unless a test asks: its chance to kill this program while
  // it starts (proof.ts).
  holdForProof();
  // detached: the child leads a process group (and session) of its own, so a
  // signal to this program's group (Ctrl-C in a terminal) does not reach it.
  // unref(): this program does not wait for it. Together: it outlives its parent.
  const { url, execArgv } = runnableChild(new URL('./orphan.ts', import.meta.url));
  const orphan = spawn(process.execPath, [...execArgv, fileURLToPath(url), String(process.pid)], {
    detached: true,
    // No terminal, no output anyone waits on: only the pipe the lesson handed this
    // program as fd 4, passed on as the child's fd 3, for its reports.
    stdio: ['ignore', 'ignore', 'ignore', 4],
  });
  orphan.unref();
  const last = `detached: main's last line; its detached child, pid ${orphan.pid}, runs on`;
  emit('detached', 'last-line', last, { orphan: orphan.pid ?? -1 });
} else {
  throw new Error(`no scene named ${scene}`);
}
