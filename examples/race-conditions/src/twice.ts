// Part four, main's side: one thread that takes a Lock twice, then an RLock twice
// (lock-twice.ts is the thread). Its waits block only that thread: main's event
// loop goes on, and main simply joins it.
import { sharedCells } from './jobs.ts';
import { joined, startThread } from './threads.ts';

// The file the thread runs: a worker starts from a file, not a function.
const twiceFile = new URL('./lock-twice.ts', import.meta.url);

// The thread gets lock cells of its own: nothing else touches them.
export async function takeTwice(): Promise<void> {
  await joined(startThread(twiceFile, { shared: sharedCells() }), 'the lock-twice thread');
}
