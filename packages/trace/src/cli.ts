import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command-line.ts';
import { timeScale } from './time.ts';
import { requestTimeline } from './timeline-flag.ts';

// The command line before `commandLine` (command-line.ts): kept while examples move
// to the new shape, where main.ts calls parseArgs itself.

type Options = NonNullable<ParseArgsConfig['options']>;

const timelineOption = { timeline: { type: 'boolean', default: false } } as const;

/**
 * Parse flags strictly: an unknown flag or a stray argument is a UsageError, not
 * something to ignore. The time scale is checked here too, so that a bad
 * CONCURRENCY_TIME_SCALE stops the program before anything starts.
 *
 * Every program also takes `--timeline`: the run is traced and drawn as a chart
 * when the program ends. A program that declares its own `timeline` option
 * handles it itself (the tour passes it on to each example).
 */
export function parseFlags<T extends Options>(options: T, args = process.argv.slice(2)) {
  timeScaleOrUsageError();
  // `pnpm --filter x start -- --flag` hands the script a literal `--` first.
  if (args[0] === '--') args = args.slice(1);
  // `--workers -3` would read as a missing value followed by an unknown flag; joined
  // as `--workers=-3` it reaches the flag's own check and gets a clear message.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const takesNegative = arg.startsWith('--') && !arg.includes('=') && /^-\d/.test(next ?? '');
    joined.push(takesNegative ? `${arg}=${next}` : arg);
    if (takesNegative) i++;
  }
  const ownTimeline = Object.hasOwn(options, 'timeline');
  let values: ReturnType<typeof parseArgs<{ options: T }>>['values'];
  try {
    values = parseArgs({
      args: joined,
      options: ownTimeline ? options : { ...options, ...timelineOption },
      strict: true,
      allowPositionals: false,
    }).values as typeof values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (!ownTimeline) {
    const { timeline, ...rest } = values as typeof values & { timeline?: boolean };
    if (timeline) requestTimeline();
    return rest as typeof values;
  }
  return values;
}

function timeScaleOrUsageError(): void {
  try {
    timeScale();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A count flag: a whole number of at least `min`, or a UsageError that says which flag. */
export function countFlag(
  value: string | undefined,
  flag: string,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const count = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(count) || count < min) {
    throw new UsageError(`--${flag} must be a whole number of at least ${min}, got "${value}"`);
  }
  return count;
}

/**
 * Run a program's main function: a usage mistake prints one line and exits 2, any
 * other failure (a worker that threw, a child that died) prints what failed and
 * exits 1. Nothing is swallowed, so a broken run can never look like a good one.
 */
export function runLegacyMain(program: string, main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      const usage = error instanceof UsageError;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${program}: ${message}\n`);
      if (!usage && error instanceof Error && error.stack && process.env.CONCURRENCY_DEBUG) {
        process.stderr.write(`${error.stack}\n`);
      }
      process.exitCode = usage ? 2 : 1;
    });
}
