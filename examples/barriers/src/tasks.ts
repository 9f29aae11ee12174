// asyncio.Barrier: the same four parties and three rounds as barriers.ts, played by
// async tasks on one event loop, meeting at a barrier of promises.
import { AsyncBarrier } from './async-barrier.ts';
import { playRounds, settle } from './party.ts';
import { planFor, type RoundsOptions } from './setup.ts';

// Python, with coroutines:
//   barrier = asyncio.Barrier(4)
//   await asyncio.gather(*(party(i) for i in range(4)))
// Each party is an async function's promise; the barrier is a list of promises.
export async function runTasks(options: RoundsOptions): Promise<void> {
  const barrier = new AsyncBarrier(options.parties);
  const tasks = Array.from({ length: options.parties }, (_, party) =>
    // The same rounds as a thread plays, awaiting the barrier instead of blocking.
    playRounds(planFor(party, options, 'task'), (timeoutMs) => barrier.wait({ timeoutMs })),
  );
  await settle(tasks, barrier, 'task', options);
}
