// The course, in the order a reader should take it. Every example is listed here
// once; the tour runs them in this order.
export interface Lesson {
  /** The folder under examples/ and the package name. */
  name: string;
  concept: string;
  python: string;
  /**
   * About how many wall seconds its default run (`pnpm --filter <name> start`) takes on
   * an idle 2-core machine: an estimate, summed for the tour's opening line.
   */
  seconds: number;
}

export const course: readonly Lesson[] = [
  {
    name: 'threads',
    concept: 'worker threads: start, join, overlap',
    python: 'threading.Thread, start, join',
    seconds: 8,
  },
  {
    name: 'multiprocessing',
    concept: 'child processes: own pid, own memory, overlap, nothing left behind',
    python: 'multiprocessing.Process, os.getpid()',
    seconds: 6,
  },
  {
    name: 'subprocess',
    concept: 'spawn with pipes: lines as they come, a timed-out group, a slow reader',
    python: 'subprocess.run(timeout=), Popen pipes, asyncio.create_subprocess_exec',
    seconds: 6,
  },
  {
    name: 'pool-with-threads',
    concept: 'a pool of processes, each running threads; tasks cross as data',
    python: 'multiprocessing.Pool(2) running 3 threads each',
    seconds: 5,
  },
  {
    name: 'event-loop',
    concept: 'nextTick, promises, timers, setImmediate, I/O in one turn; a toy loop',
    python: 'asyncio.run, call_soon, call_later, the simplified event loop',
    seconds: 3,
  },
  {
    name: 'gather',
    concept: 'Promise.all, allSettled, fail-fast group, timeout, as-completed, limit',
    python: 'asyncio.gather, TaskGroup, wait_for, as_completed',
    seconds: 6,
  },
  {
    name: 'context',
    concept: 'AsyncLocalStorage: a request id through awaits, timers, listeners, a worker',
    python: 'contextvars.ContextVar, threading.local',
    seconds: 2,
  },
  {
    name: 'offload-cpu',
    concept: 'CPU work off the event loop: a worker thread, a process pool',
    python: 'asyncio.to_thread, loop.run_in_executor',
    seconds: 12,
  },
  {
    name: 'libuv-pool',
    concept: "libuv's pool: 4 pbkdf2 at once, 8 with UV_THREADPOOL_SIZE=8; *Sync blocks",
    python: 'loop.run_in_executor(None, ...), the default executor; a blocking call in a coroutine',
    seconds: 6,
  },
  {
    name: 'io-bound',
    concept: 'many downloads: one by one, Promise.all, threads, processes; thousands at once',
    python: 'requests, ThreadPoolExecutor, asyncio + aiohttp, multiprocessing.Pool',
    seconds: 20,
  },
  {
    name: 'cpu-bound',
    concept: 'a CPU-bound sum: async is not parallel; threads are (no GIL), processes too',
    python: 'sum(i * i ...) with threads (the GIL) and multiprocessing.Pool',
    seconds: 10,
  },
  {
    name: 'race-conditions',
    concept: 'lost updates; async and Atomics mutexes, Atomics.add, Lock vs RLock',
    python: 'read-sleep-write, threading.Lock, RLock',
    seconds: 8,
  },
  {
    name: 'barriers',
    concept: 'a reusable barrier on Atomics and one for promises; broken barriers',
    python: 'threading.Barrier, BrokenBarrierError',
    seconds: 8,
  },
  {
    name: 'message-channels',
    concept: 'a pipe, request ids, copy vs transfer, select, broadcast, one owner',
    python: 'multiprocessing.Pipe/Queue, connection.wait; Go channels, select',
    seconds: 8,
  },
  {
    name: 'sync-primitives',
    concept: 'Semaphore, Event, Condition on Atomics; deadlock by lock order',
    python: 'threading.Semaphore, Event, Condition, acquire(timeout)',
    seconds: 10,
  },
  {
    name: 'producer-consumer',
    concept: 'bounded queue, stop signal, a consumer that drains',
    python: 'queue.Queue(maxsize), threading.Event',
    seconds: 12,
  },
  {
    name: 'executors',
    concept: 'thread and process pools: submit, map, as_completed, cancel, shutdown',
    python: 'concurrent.futures ThreadPoolExecutor, ProcessPoolExecutor',
    seconds: 14,
  },
  {
    name: 'timers-and-daemons',
    concept: 'timers, cancel, unref as daemon, an unjoined child, a forgotten await',
    python: 'threading.Timer, daemon threads, a process not joined',
    seconds: 14,
  },
  {
    name: 'tickers',
    concept: 'a ticker stopped by an AbortSignal, timer drift, a token-bucket rate limit',
    python: 'a periodic task with asyncio.sleep; Go tickers and rate limiting',
    seconds: 11,
  },
  {
    name: 'task-queue',
    concept: 'BullMQ on Redis: worker processes, retries, a killed worker, graceful stop',
    python: 'RQ: Queue.enqueue, rq worker, Retry, job.result',
    seconds: 20,
  },
];
