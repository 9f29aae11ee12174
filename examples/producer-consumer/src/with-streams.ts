// In production, Node already has the bounded queue with backpressure: streams. An
// async generator is the producer, a Writable is the consumer, and the Writable's
// highWaterMark is the queue's capacity: pipeline() stops pulling from the generator
// while that many messages wait, and resolves only once every one is written.
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A producer: yields what arrives until the stop signal (threading.Event) is set. */
export async function* receiveUntil(
  stop: AbortSignal,
  receive: () => Promise<string>,
): AsyncGenerator<string> {
  while (!stop.aborted) yield await receive();
}

/** A consumer: stores every message in `file`, at most `capacity` waiting at any time. */
export async function storeAll(
  messages: AsyncIterable<string>,
  file: string,
  capacity: number,
  store: (message: string) => Promise<void> = async () => {},
): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const consumer = new Writable({
      objectMode: true,
      highWaterMark: capacity,
      write(message: string, _encoding, done) {
        store(message)
          .then(() => handle.write(`${message}\n`))
          .then(() => done(), done);
      },
    });
    await pipeline(messages, consumer);
  } finally {
    await handle.close();
  }
}
