// Part 3: Go by Example's select, or Python's multiprocessing.connection.wait:
// waiting on several ports at once, and a receive that never waits. Both sides are
// in this file: main calls selectTwo(), the two workers it starts run sender().
import { once } from 'node:events';
import {
  isMainThread,
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  workerData,
} from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';
import { joinAll, startWorker } from './message-channels.ts';
import { nominal } from './setup.ts';

// What a sender gets as workerData: its end of its channel, its word, its delay.
type Job = { port: MessagePort; word: string; afterMs: number };

// select { case m := <-c1: ... case m := <-c2: ... }, or Python's
// multiprocessing.connection.wait([c1, c2]): the first port to get a message wins.
// Node has no select call: each port is an event source, so racing one
// once(port, 'message') per port is the same thing, a wait on all of them.
export async function select(ports: MessagePort[]): Promise<string> {
  const controller = new AbortController();
  const { signal } = controller;
  // ready = wait([c1, c2]): the first message on any port settles the race.
  const first = await Promise.race(ports.map((port) => once(port, 'message', { signal })));
  // The losers must stop listening: a once() left on a quiet port is one more
  // listener, and one more promise that never settles, on every select.
  controller.abort();
  return first[0] as string;
}

// Main's side. Two workers send one word each, after 1 s and after 2 s, on ports
// of their own; main waits on both at once and has both words after about 2 s,
// not 3. Before any has come, a non-blocking receive finds nothing.
export async function selectTwo(): Promise<void> {
  // c1 := make(chan string); c2 := make(chan string): one channel per sender,
  // main keeps port1 of each and the sender gets port2.
  const one = new MessageChannel();
  const two = new MessageChannel();
  // go func() { time.Sleep(1 * time.Second); c1 <- "one" }(), and the same for two.
  const sender = (port: MessagePort, word: string, afterMs: number) =>
    startWorker(new URL('./select.ts', import.meta.url), { port, word, afterMs }, [port]);
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

// A sender, in its worker thread: wait, then send one word.
//   go func() { time.Sleep(d); c <- "one" }()
async function sender({ port, word, afterMs }: Job) {
  emit(`sender-${word}`, 'start', undefined, { word });
  await sleep(afterMs);
  emit(`sender-${word}`, 'send', undefined, { word }); // traced, not printed
  // c1 <- "one"
  port.postMessage(word);
  port.close();
}

// In each worker thread, this file runs the sender's side.
if (!isMainThread) await sender(workerData as Job);
