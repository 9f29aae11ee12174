// A mutex in one Int32 of shared memory, for threads that block (Drepper's futex mutex):
// 0 free, 1 held, 2 held with someone waiting. The holder that sees 2 on release wakes
// one waiter; Atomics.wait sleeps in the kernel, so a waiting thread burns no CPU.
const FREE = 0;
const HELD = 1;
const CONTENDED = 2;

export function lock(cells: Int32Array, at: number): void {
  let state = Atomics.compareExchange(cells, at, FREE, HELD);
  if (state === FREE) return;
  if (state !== CONTENDED) state = Atomics.exchange(cells, at, CONTENDED);
  while (state !== FREE) {
    Atomics.wait(cells, at, CONTENDED);
    state = Atomics.exchange(cells, at, CONTENDED);
  }
}

export function unlock(cells: Int32Array, at: number): void {
  if (Atomics.sub(cells, at, 1) !== HELD) {
    Atomics.store(cells, at, FREE);
    Atomics.notify(cells, at, 1);
  }
}

/** Waits until cells[at] is no longer `seen`, without blocking the event loop (for main). */
export async function waitForChange(cells: Int32Array, at: number, seen: number): Promise<void> {
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  const result = waitAsync(cells, at, seen);
  if (result.async) await result.value;
}

// Atomics.waitAsync is in Node since 16; TypeScript lists it from lib ES2024 only.
type WaitAsync = (
  cells: Int32Array,
  at: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
