// Parts one and two: the lost update of the threading article's FakeDatabase, in
// one thread. Each task copies the shared value into a local variable, pauses, and
// writes the copy plus one back. The pause is an `await`: while one task waits
// there, the other runs, reads the same old value, and one update is lost.
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

/** Anything that runs a section alone: our AsyncMutex, or async-mutex's Mutex. */
export interface Exclusive {
  runExclusive<T>(section: () => Promise<T>): Promise<T>;
}

// class FakeDatabase: one value that every task updates.
export class FakeDatabase {
  // The shared value: every task reads and writes this one field.
  value = 0;

  // def update(self, name): local_copy = self.value; time.sleep(0.1); ...
  async update(task: number, part: string): Promise<void> {
    const actor = `task-${task}`;
    // local_copy = self.value: a copy, fresh now.
    const localCopy = this.value;
    emit(actor, 'read', `Task ${task} read ${localCopy}`, { part, value: localCopy });
    // time.sleep(0.1) in the Python; here the task gives the event loop away, and
    // the other task runs until it, too, reaches an await.
    await sleep(nominal.asyncWindowMs);
    // self.value = local_copy + 1: written from a copy that may be stale by now.
    this.value = localCopy + 1;
    emit(actor, 'write', `Task ${task} wrote ${localCopy + 1}`, { part, value: localCopy + 1 });
  }
}

// Run two updates at once on a fresh database and return its final value. With a
// `lock` (Python's `with self._lock:`), each task holds it from its read to its write,
// so no other task can read in between.
export async function updateConcurrently(part: string, lock?: Exclusive): Promise<number> {
  // A fresh database for each run: no state carries over from one part to the next.
  const database = new FakeDatabase();
  // Like starting threads in a loop: every update starts now; then wait for all.
  const update = (task: number) =>
    lock ? lock.runExclusive(() => database.update(task, part)) : database.update(task, part);
  await Promise.all(Array.from({ length: nominal.tasks }, (_, task) => update(task)));
  return database.value;
}
