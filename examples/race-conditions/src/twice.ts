// Part four, main's side: one thread that takes a Lock twice, then an RLock twice
// (lock-twice.ts is the thread). Its waits block only that thread: main's event
// loop goes on, and main simply joins it.
import { joined, startThread } from './threads.ts';

// The file the thread runs: a worker starts from a file, not a function.
const twiceFile = new URL('./lock-twice.ts', import.meta.url);

// The thread gets two lock cells of its own, in memory it can share: nothing else
// touches them.
export async function takeTwice(): Promise<void> {
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  await joined(startThread(twiceFile, { shared }), 'the lock-twice thread');
}
