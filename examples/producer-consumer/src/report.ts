// The lines both parts print, each where it happens: say.received(message). emit()
// writes the line to stdout at once, from whichever thread calls it, and traces the
// event for the tests; `item` lets them follow each message from receive to file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { emit } from '@concurrency/trace';
import { type Message, nameOf } from './setup.ts';

const fields = (m: Message) => ({ ...m, item: nameOf(m) });
// Each producer's lines start `Producer 1 ...`, in its own lane of the trace.
const producer = (m: Message, event: string, text: string) =>
  emit(`producer-${m.producer}`, event, `Producer ${m.producer} ${text}`, fields(m));
export const say = {
  received: (m: Message) => producer(m, 'receive', `got message ${nameOf(m)}`),
  dropped: (m: Message) => producer(m, 'drop', `dropped message ${nameOf(m)}`),
  producerExit: (p: number) =>
    emit(`producer-${p}`, 'exit', `Producer ${p} saw the stop. Exiting`, { producer: p }),
  // What main sees as it sets the stop: the depth, read without waiting for any lock.
  stop: (depth: number, capacity: number) =>
    emit('main', 'stop', `Main: queue ${depth}/${capacity}: setting the stop`, { depth, capacity }),
  threads: (count: number) =>
    emit('main', 'start', `Main: starting ${count} threads; they begin once all are up`),
  // A careless consumer leaves messages in the queue: the line says how many.
  consumerExit(left: number, drain: boolean) {
    const careless = `Consumer saw the stop. Exiting with ${left} messages still queued`;
    const text = drain ? 'Consumer: stop set, producers gone, queue empty. Exiting' : careless;
    emit('consumer', 'exit', text, { left });
  },
};

// A queue's steps, emitted by the queue as they happen (under its lock, in part 2),
// with the depth right after: the trace's order is the queue's order. A put is only
// traced; a producer about to wait, and the consumer taking a message, are printed.
export function queueStep(event: string, m: Message, depth: number, capacity: number): void {
  const queue = `queue ${depth}/${capacity}`;
  const waits = `Producer ${m.producer} waits with message ${nameOf(m)}: ${queue}`;
  const [actor, text] =
    event === 'get'
      ? ['consumer', `Consumer took message ${nameOf(m)}: ${queue}`]
      : [`producer-${m.producer}`, waits];
  emit(actor, event, event === 'put' ? undefined : text, { ...fields(m), depth });
}

// What main prints once a version has ended: what the file holds, read back from it.
export function reportFile(path: string): void {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const twice = lines.length - new Set(lines).size;
  const count = `${lines.length} ${lines.length === 1 ? 'message' : 'messages'}`;
  const once = twice === 0 ? 'none twice' : `${twice} twice`;
  emit('main', 'file', `Main: ${path} holds ${count}, ${once}`, {
    lines: lines.length,
    path: resolve(path),
  });
}
