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

/** The thread part's header: how many tasks, and to what. */
export function printThreadHeader(workers: number, tasks: number, unbounded = false): void {
  const how = unbounded ? 'a new thread per task' : `a pool of ${workers} threads`;
  const header = `# submit ${tasks} tasks to ${how}, once the pool's threads are up`;
  emit('main', 'part', header, { workers, tasks });
}

/** The header of the block's end: whose close() ends it. */
export function printClosingHeader(workers: number, trustClose = false): void {
  const close = trustClose ? "piscina's own close() (--piscina-close), with" : 'close() waits for';
  emit('main', 'shutdown', `# end of the block: ${close} the ${workers} tasks submitted`);
}

/** `fn (file.ts)`: the first frame of a stack, where the error was thrown. */
export function firstFrame({ stack = '' }: Error): string {
  const [, fn, file] = /at (\S+) \(.*\/(\w+\.ts):\d+:\d+\)/.exec(stack) ?? [];
  return `${fn} (${file})`;
}
