// A thread for the ring queue's stress test, no sleeps anywhere. A producer puts
// `count` messages as fast as it can; the consumer takes `count` messages. Each reports
// what it saw: the deepest queue after its steps, how often it waited, what it took.
import { parentPort, workerData } from 'node:worker_threads';
import type { Message } from '../src/pipeline.ts';
import { SharedRingQueue } from '../src/ring-queue.ts';

const { buffer, role, producer, count } = workerData as {
  buffer: SharedArrayBuffer;
  role: 'producer' | 'consumer';
  producer: number;
  count: number;
};
let deepest = 0;
let waits = 0;
const deeper = (_message: Message, depth: number) => {
  deepest = Math.max(deepest, depth);
};
const queue = new SharedRingQueue(buffer, { put: deeper, get: deeper, wait: () => waits++ });
const taken: Message[] = [];
if (role === 'producer') for (let seq = 1; seq <= count; seq++) queue.put({ producer, seq });
else for (let i = 0; i < count; i++) taken.push(queue.get()!);
parentPort!.postMessage({ deepest, waits, taken });
