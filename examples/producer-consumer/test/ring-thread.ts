// A thread for the ring queue's stress test, no sleeps anywhere. A producer puts
// `count` messages as fast as it can; the consumer takes `count` messages. Each reports
// what it saw: the deepest queue after its steps, how often it waited, what it took.
// A 'one-put' thread puts one message, says 'waiting' when it finds the queue full,
// and reports whether its put was accepted.
import { parentPort, workerData } from 'node:worker_threads';
import { RingQueue } from '../src/ring-queue.ts';
import type { Message } from '../src/setup.ts';

const { buffer, role, producer, count } = workerData as {
  buffer: SharedArrayBuffer;
  role: 'producer' | 'consumer' | 'one-put';
  producer: number;
  count: number;
};
let deepest = 0;
let waits = 0;
// The queue's steps, seen from inside its lock by a subclass instead of traced.
class Watched extends RingQueue {
  protected override step(event: string, _message: Message, depth: number): void {
    if (event === 'wait') waits++;
    if (event === 'wait' && role === 'one-put') parentPort!.postMessage('waiting');
    else deepest = Math.max(deepest, depth);
  }
}
const queue = new Watched(buffer);
const taken: Message[] = [];
if (role === 'one-put') parentPort!.postMessage({ accepted: queue.put({ producer, seq: 1 }) });
else if (role === 'producer') for (let seq = 1; seq <= count; seq++) queue.put({ producer, seq });
else for (let i = 0; i < count; i++) taken.push(queue.get()!);
parentPort!.postMessage({ deepest, waits, taken });
