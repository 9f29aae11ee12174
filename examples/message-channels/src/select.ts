// Parts 3 and 4: waiting on several ports at once, a receive that never waits,
// and one message for every worker. Go's select and Python's connection.wait.
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
// Node has no select call: each port is an event source, so racing one
// once(port, 'message') per port is the same thing, a wait on all of them.
async function select(ports: MessagePort[]): Promise<string> {
  const controller = new AbortController();
  const { signal } = controller;
  // ready = wait([c1, c2]): the first message on any port settles the race.
  const first = await Promise.race(ports.map((port) => once(port, 'message', { signal })));
  // The losers must stop listening, or their next message would go to nobody.
  controller.abort();
  return first[0] as string;
}

/**
 * Part 3: Go by Example's select. Two workers send one word each, after 1 s and
 * after 2 s, on ports of their own; main waits on both at once and has both words
 * after about 2 s, not 3. Before any has come, a non-blocking receive finds nothing.
 */
export async function selectTwo(): Promise<void> {
  // c1 := make(chan string); c2 := make(chan string): one channel per sender,
  // main keeps port1 of each and the sender gets port2.
  const one = new MessageChannel();
  const two = new MessageChannel();
  // go func() { time.Sleep(1 * time.Second); c1 <- "one" }(), and the same for two.
  const sender = (port: MessagePort, word: string, afterMs: number) =>
    startWorker({ role: 'sender', port, word, afterMs }, [port]);
  const workers = [
    sender(one.port2, 'one', nominal.oneMs),
    sender(two.port2, 'two', nominal.twoMs),
  ];
  const ended = joinAll(workers);
  // select { case m := <-c1: ...; default: ... }: receiveMessageOnPort takes a
  // message if one is queued, and returns undefined at once if none is.
  const now = receiveMessageOnPort(one.port1);
  emit('main', 'poll', now ? `received ${now.message} at once` : 'no message received yet');
  // for i := 0; i < 2; i++ { select { ... } }: two waits, each on both ports.
  for (let i = 0; i < 2; i++) {
    const word = await select([one.port1, two.port1]);
    emit('main', 'received', `received ${word}`, { word });
  }
  // An open port keeps the event loop alive: close what main holds, then join.
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
