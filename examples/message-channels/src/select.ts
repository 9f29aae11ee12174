import { once } from 'node:events';
import {
  BroadcastChannel,
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
} from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';
import { joinAll, nominal, startWorker } from './message-channels.ts';

// select { case m := <-c1: ... case m := <-c2: ... }, or Python's
// multiprocessing.connection.wait([c1, c2]): the first port to get a message wins.
async function select(ports: MessagePort[]): Promise<string> {
  const controller = new AbortController();
  const { signal } = controller;
  const first = await Promise.race(ports.map((port) => once(port, 'message', { signal })));
  controller.abort(); // stop listening on the ports that lost
  return first[0] as string;
}

/**
 * Part 3: Go by Example's select. Two workers send one word each, after 1 s and
 * after 2 s, on ports of their own; main waits on both at once and has both words
 * after about 2 s, not 3. Before any has come, a non-blocking receive finds nothing.
 */
export async function selectTwo(): Promise<void> {
  const one = new MessageChannel();
  const two = new MessageChannel();
  const workers = [
    startWorker({ role: 'sender', port: one.port2, word: 'one', afterMs: nominal.oneMs }, [
      one.port2,
    ]),
    startWorker({ role: 'sender', port: two.port2, word: 'two', afterMs: nominal.twoMs }, [
      two.port2,
    ]),
  ];
  const ended = joinAll(workers);
  // select { case m := <-c1: ...; default: ... }: receiveMessageOnPort takes a
  // message if one is queued, and returns undefined at once if none is.
  const now = receiveMessageOnPort(one.port1);
  emit('main', 'poll', now ? `received ${now.message} at once` : 'no message received yet');
  for (let i = 0; i < 2; i++) {
    const word = await select([one.port1, two.port1]);
    emit('main', 'received', `received ${word}`, { word });
  }
  one.port1.close();
  two.port1.close();
  await ended;
}

/**
 * Part 4: one message, every worker gets it. Python has no broadcast queue: you
 * set one multiprocessing.Event that every process polls. A BroadcastChannel
 * delivers each message to every other channel of the same name, in any thread,
 * but only to those open when it is sent: each worker says it listens first.
 */
export async function broadcastStop({ workers = nominal.workers as number }) {
  const listeners = Array.from({ length: workers }, (_, name) =>
    startWorker({ role: 'listener', name }),
  );
  const ended = joinAll(listeners);
  await Promise.race([Promise.all(listeners.map((w) => once(w, 'message'))), ended]);
  await sleep(nominal.tickMs * 3);
  // stop_event.set(), for everyone at once.
  const stop = new BroadcastChannel('stop');
  emit('main', 'broadcast', `Main: stop, to all ${workers} workers`);
  stop.postMessage('stop');
  stop.close();
  await ended;
}
