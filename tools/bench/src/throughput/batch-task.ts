// piscina's task for the like-for-like figure: a batch of inputs in one call, as the
// own pool carries up to 32 tasks in one message.
import { burnCpu } from '@concurrency/trace';

export default function burnBatch(batch: number[]): number[] {
  return batch.map((units) => burnCpu(units));
}
