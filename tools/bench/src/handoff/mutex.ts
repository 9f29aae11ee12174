// A mutex on one Int32 cell of shared memory (Drepper's "futexes are tricky", mutex 2):
// 0 free, 1 held, 2 held and someone may be asleep waiting. The uncontended path is
// one compareExchange; only a thread that finds it held goes to sleep in Atomics.wait,
// and unlock wakes one sleeper only when there may be one.

export function lock(cells: Int32Array, at: number): void {
  let seen = Atomics.compareExchange(cells, at, 0, 1);
  if (seen === 0) return;
  if (seen !== 2) seen = Atomics.exchange(cells, at, 2);
  while (seen !== 0) {
    Atomics.wait(cells, at, 2);
    seen = Atomics.exchange(cells, at, 2);
  }
}

export function unlock(cells: Int32Array, at: number): void {
  if (Atomics.sub(cells, at, 1) !== 1) {
    Atomics.store(cells, at, 0);
    Atomics.notify(cells, at, 1);
  }
}
