// Part 2: what postMessage does to the data it sends. A copy by default (Python
// pickles everything it puts on a Queue); a move when the buffer is transferred.
// Both sides are in this file: main calls copyAndMove(), the echo at the bottom.
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, type Worker } from 'node:worker_threads';
import { emit } from '@concurrency/trace';
import { startWorker } from './message-channels.ts';

// Send one buffer and wait for the worker to say how many bytes it got; the
// time is the whole trip, the sending and the worker's receiving.
async function roundTrip(echo: Worker, buffer: ArrayBuffer, move: boolean) {
  // Traced, not printed: one try to send.
  emit('main', 'post', undefined, { move });
  const started = performance.now();
  // queue.put(buffer) copies, always (pickled). Node copies too, by structured
  // clone, unless the buffer is listed in transferList: then it is moved.
  if (move) echo.postMessage(buffer, [buffer]);
  else echo.postMessage(buffer);
  const [theirs] = (await once(echo, 'message')) as [number];
  return { ms: performance.now() - started, theirs };
}

/**
 * Part 2: copy against move, the same buffer size both ways. A copy leaves both
 * sides a buffer of their own; a move hands over the memory and leaves the sender
 * a detached buffer of length 0. `postAfterTransfer` is the learner's slip:
 * sending the moved buffer once more, which throws DataCloneError.
 */
export async function copyAndMove({ megabytes = 8, postAfterTransfer = false }) {
  // One worker on this file that answers each buffer with its byteLength.
  const echo = startWorker(new URL('./transfer.ts', import.meta.url), {});
  // A size as the lines print it; 0 is the detached buffer a move leaves behind.
  const mb = (bytes: number) => (bytes === 0 ? '0 bytes (detached)' : `${bytes / 2 ** 20} MB`);
  try {
    // 'ready': time the sending, not the worker's boot.
    await once(echo, 'message');
    // The same size both ways, a fresh buffer each time.
    for (const move of [false, true]) {
      const buffer = new ArrayBuffer(megabytes * 2 ** 20);
      const { ms, theirs } = await roundTrip(echo, buffer, move);
      // move=False: pickle-like, both keep one. move=True: ownership changes hands.
      const how = move ? 'moved' : 'copied';
      // byteLength after a move is 0: the buffer is detached, its memory is theirs.
      const mine = buffer.byteLength;
      const text = `${move ? 'Moved ' : 'Copied'} ${megabytes} MB in ${ms.toFixed(1)} ms: main holds ${mb(mine)}, the worker got ${mb(theirs)}`;
      emit('main', how, text, { ms, mine, theirs, megabytes });
      // The slip: send it again. It is detached now, and a detached buffer cannot be sent.
      if (move && postAfterTransfer) await roundTrip(echo, buffer, false);
    }
  } finally {
    // The echo would wait for messages forever: end it, whatever happened.
    await echo.terminate();
  }
}

// The echo, in its worker thread: say it is ready, then how many bytes arrived, each time.
if (!isMainThread) {
  parentPort?.on('message', (buffer: ArrayBuffer) => parentPort?.postMessage(buffer.byteLength));
  parentPort?.postMessage('ready');
}
