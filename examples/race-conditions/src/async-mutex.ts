// A mutex for async code in one thread, written out to see how little it takes.
// There are no threads here: the event loop runs one callback at a time, so
// checking and setting `locked` can never be interrupted. What a task can do is
// stop at an `await` in the middle of its critical section; the mutex makes every
// other task that wants the section wait in line until it leaves.

export class AsyncMutex {
  #locked = false;
  /** Tasks waiting their turn, first come first served. */
  #waiting: Array<() => void> = [];

  /** Resolves once this task holds the mutex, with the function that releases it. */
  async acquire(): Promise<() => void> {
    // Held: queue up, and sleep until a releasing holder wakes us.
    if (this.#locked) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    // Free, or handed to us still locked by the one who released it: ours now.
    this.#locked = true;
    // A release works once: a second call is a bug in the caller, said at once.
    let released = false;
    return () => {
      if (released) throw new Error('this mutex was already released by this holder');
      released = true;
      const next = this.#waiting.shift();
      // Hand the mutex straight to the next in line, still locked. The woken task
      // runs only a few microtasks from now: were `locked` cleared here, a newcomer
      // calling acquire() in between would find it free, and two would hold it.
      if (next) next();
      else this.#locked = false;
    };
  }

  // Python's `async with lock:`: hold the mutex for `section`, and release it even
  // if the section throws; otherwise every task waiting behind it waits for ever.
  async runExclusive<T>(section: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await section();
    } finally {
      release();
    }
  }
}
