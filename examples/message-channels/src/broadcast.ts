// Part 4: one message, every worker gets it. Python has no broadcast queue: you set
// one multiprocessing.Event that every process polls. Both sides are in this file:
// main calls broadcastStop(), each worker it starts runs listener().
import { once } from 'node:events';
import { BroadcastChannel, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';
import { joinAll, startWorker } from './message-channels.ts';
import { nominal } from './setup.ts';

// Main's side. A BroadcastChannel delivers each message to every other channel of
// the same name, in any thread, but only to those open when it is sent: each
// worker says it listens first.
export async function broadcastStop({ workers = nominal.workers as number }) {
  const file = new URL('./broadcast.ts', import.meta.url);
  // Start `workers` listeners on this file, then join them all.
  const listeners = Array.from({ length: workers }, (_, name) => startWorker(file, { name }));
  const ended = joinAll(listeners);
  // Wait for each worker's "listening" (or for one to die: then ended rejects).
  await Promise.race([Promise.all(listeners.map((w) => once(w, 'message'))), ended]);
  // Let them work a few ticks, as workers would until told to stop.
  await sleep(nominal.tickMs * 3);
  // stop_event.set(), for everyone at once: a channel of the same name, and one
  // postMessage that reaches every other channel called 'stop', in every thread.
  const stop = new BroadcastChannel('stop');
  emit('main', 'broadcast', `Main: stop, to all ${workers} workers`);
  stop.postMessage('stop');
  // Main's own channel is done; the workers close theirs when they hear it.
  stop.close();
  await ended;
}

// A listener, in its worker thread: listen for the broadcast, say so, and work
// until it comes.
async function listener({ name }: { name: number }) {
  let stopped = false;
  // Open a channel called 'stop' before saying so: only open channels hear it.
  const stop = new BroadcastChannel('stop');
  // while not stop_event.is_set(): ... the handler sets the flag, the loop reads it.
  stop.onmessage = () => {
    stopped = true;
    stop.close();
  };
  parentPort?.postMessage('listening');
  let ticks = 0;
  // The work: a tick at a time, each a sleep, so the message can come in between.
  while (!stopped) {
    await sleep(nominal.tickMs);
    ticks++;
  }
  emit(`worker-${name}`, 'stopped', `Worker ${name}: stop received`, { ticks });
}

// In each worker thread, this file runs the listener's side.
if (!isMainThread) await listener(workerData as { name: number });
