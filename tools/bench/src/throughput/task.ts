// The task piscina and tinypool run: a module whose default export is the task.
import { burnCpu } from '@concurrency/trace';

export default function burn(units: number): number {
  return burnCpu(units);
}
