// A thread that ticks a few times, then ends. It says "ticking" to its parent once,
// after its first tick: from then on there is a running thread to talk about.
import { parentPort, workerData } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';

export interface Ticker {
  name: string;
  ticks: number;
  tickMs: number;
}

// The thread's target, as in Python:
//   def tick():
//       for i in range(ticks): print(f"{name}: tick {i}"); time.sleep(1)
// It knows nothing of daemons: whether it holds the process is its parent's call.
const { name, ticks, tickMs } = workerData as Ticker;
for (let i = 0; i < ticks; i++) {
  emit(name, 'tick', `${name}: tick ${i}`, { i });
  // Once, after the first tick: the parent then knows a thread is running.
  if (i === 0) parentPort!.postMessage('ticking');
  await sleep(tickMs);
}
emit(name, 'done', `${name}: done after ${ticks} ticks`);
