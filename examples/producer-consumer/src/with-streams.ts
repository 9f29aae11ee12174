// In production, Node already has the bounded queue with backpressure: streams. An
// async generator is the producer, a Writable is the consumer, and the Writable's
// highWaterMark is the queue's capacity: pipeline() stops pulling from the generator
// while that many messages wait, and resolves only once every one is written.
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// def producer(queue, event): while not event.is_set(): queue.put(receive())
// An async generator is the producer: pipeline() asks it for the next message only
// when the consumer has room, so a full consumer pauses it at its `yield`.
/** A producer: yields what arrives until the stop signal (threading.Event) is set. */
export async function* receiveUntil(stop: AbortSignal, receive: () => Promise<string>) {
  while (!stop.aborted) yield await receive();
}

/** A consumer: stores every message in `file`, at most `capacity` waiting at any time. */
export async function storeAll(
  messages: AsyncIterable<string>,
  file: string,
  capacity: number,
  // The slow part of storing a message (the test's stand-in for a disk or a database).
  store: (message: string) => Promise<void> = async () => {},
): Promise<void> {
  // Opened once, before the first message; closed below whatever happens.
  const handle = await open(file, 'w');
  // def consumer(queue): while message := queue.get(): store(message)
  // A Writable is the consumer. write() is called with one message at a time, and the
  // next waits until `done` is called; the messages waiting meanwhile are the queue.
  try {
    const consumer = new Writable({
      // objectMode: each write is one message, and highWaterMark counts messages.
      objectMode: true,
      highWaterMark: capacity,
      write(message: string, _encoding, done) {
        // done() once stored and written; done(error) ends the pipeline with it.
        store(message)
          .then(() => handle.write(`${message}\n`))
          .then(() => done(), done);
      },
    });
    // Resolves once every message is written, or rejects with the first failure and
    // ends the generator: nothing is left running, nothing is silently dropped.
    await pipeline(messages, consumer);
  } finally {
    await handle.close();
  }
}
