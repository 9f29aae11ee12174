// One party of the stress test: no sleeps, no trace, only the barrier and counters in
// shared memory that every party adds to. What it counts is what the barrier
// promises: after a departure from round r, all r × parties arrivals so far have
// happened (nobody left early), and nobody has arrived for round r + 2 (nobody is a
// whole round ahead); each round hands out the arrival indexes 0 to parties - 1 once.
import { workerData } from 'node:worker_threads';
import { SharedBarrier } from '../src/shared-barrier.ts';
import { type StressData, stressWords } from './stress-words.ts';

const { barrier, counters, party, parties, rounds } = workerData as StressData;
const shared = new SharedBarrier(barrier);
const words = new Int32Array(counters);
const { ARRIVALS, EARLY, AHEAD, PASSED, INDEXES } = stressWords(parties);

for (let round = 1; round <= rounds; round++) {
  Atomics.add(words, ARRIVALS, 1);
  const index = shared.arriveAndWait();
  const arrivals = Atomics.load(words, ARRIVALS);
  if (arrivals < round * parties) Atomics.add(words, EARLY, 1);
  if (arrivals > (round + 1) * parties - 1) Atomics.add(words, AHEAD, 1);
  Atomics.add(words, INDEXES + round - 1, 1 << index);
  Atomics.store(words, PASSED + party, round);
}
