// Report, not the lesson: the pool sizes each library would pick on this machine.
import { availableParallelism } from 'node:os';
import { emit } from '@concurrency/trace';

/** What the pools would be sized to if not told: the CPUs this process may use. */
export function printDefaultSizes(): void {
  const cpus = availableParallelism();
  const sizes = {
    cpus,
    pythonThreads: Math.min(32, cpus + 4),
    piscinaMax: cpus * 1.5,
    piscinaMin: Math.max(Math.floor(cpus / 2), 1),
  };
  emit(
    'main',
    'defaults',
    `Defaults on this machine: os.availableParallelism() = ${cpus}; ` +
      `Python ThreadPoolExecutor() ${sizes.pythonThreads}, ProcessPoolExecutor() ${cpus}; ` +
      `piscina maxThreads ${sizes.piscinaMax}, minThreads ${sizes.piscinaMin}`,
    sizes,
  );
}
