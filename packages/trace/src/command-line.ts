import { closeSync } from 'node:fs';
import { openTrace } from './emit.ts';
import { TIME_SCALE_VAR, TRACE_FILE_VAR } from './env.ts';
import { timeScale } from './time.ts';
import { requestTimeline } from './timeline-flag.ts';
import { UsageError } from './usage-error.ts';
import { writeAllSync } from './write.ts';

// What every example's command line shares: a flag table that doubles as the
// `--help` text, counts with a floor and a ceiling, a time scale checked before
// anything starts, and one-line errors. The lesson itself still calls node:util's
// `parseArgs` with `cli.options`, in its own main.ts, where a reader looks for it.

export { UsageError };

export interface FlagSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** Shown in `--help`; for a string flag, also the value parseArgs fills in. */
  default?: string | boolean;
  /** One line for `--help`. */
  help: string;
  /** A count flag: a whole number from `min` to `max`, checked by `cli.count`. */
  count?: { min: number; max: number };
}

export interface CommandLineSpec<T extends Record<string, FlagSpec>> {
  program: string;
  /** One line on what the program shows, the first line of `--help`. */
  summary: string;
  options: T;
  /**
   * The longest single sleep the program asks for, in nominal ms. A time scale that
   * stretches it past what a Node timer can hold (about 24.8 days) is refused:
   * Node would fire such a timer after 1 ms and the run would fake a success.
   */
  longestSleepMs?: number;
}

type ParseArgsOption<S extends FlagSpec> = S['type'] extends 'boolean'
  ? { type: 'boolean'; short?: string; default?: boolean }
  : { type: 'string'; short?: string; default?: string };

type BuiltIn = {
  help: { type: 'boolean'; short: 'h'; default: false };
  timeline: { type: 'boolean'; default: false };
};

export type ParseArgsOptions<T extends Record<string, FlagSpec>> = {
  [K in keyof T]: ParseArgsOption<T[K]>;
} & BuiltIn;

/** The largest delay a Node timer can hold; longer ones fire after 1 ms, with a warning. */
export const TIMER_LIMIT_MS = 2 ** 31 - 1;

const builtIn = [
  ['help', { type: 'boolean', short: 'h', help: 'print these flags and exit' }],
  [
    'timeline',
    { type: 'boolean', help: 'draw the run as a chart, one lane per actor, at the end' },
  ],
] as const;

export class CommandLine<T extends Record<string, FlagSpec>> {
  readonly program: string;
  readonly spec: CommandLineSpec<T>;
  /** Ready for `parseArgs({ options: cli.options })`: the flags plus --help and --timeline. */
  readonly options: ParseArgsOptions<T>;

  constructor(spec: CommandLineSpec<T>) {
    this.spec = spec;
    this.program = spec.program;
    const options: Record<string, unknown> = {};
    for (const [name, flag] of Object.entries(spec.options)) {
      options[name] = {
        type: flag.type,
        ...(flag.short ? { short: flag.short } : {}),
        ...(flag.default === undefined ? {} : { default: flag.default }),
      };
    }
    options.help = { type: 'boolean', short: 'h', default: false };
    options.timeline = { type: 'boolean', default: false };
    this.options = options as ParseArgsOptions<T>;
  }

  /**
   * The arguments as the program should parse them: pnpm's leading `--` dropped (two,
   * when a root script that ends in `--` is called as `pnpm start -- --help`), and
   * `--workers -3` joined into `--workers=-3`, so that it reaches the flag's own
   * check instead of reading as a missing value and an unknown flag.
   */
  args(argv: readonly string[] = process.argv.slice(2)): string[] {
    let first = 0;
    while (argv[first] === '--' && first < 2) first++;
    const args = argv.slice(first);
    const joined: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const next = args[i + 1];
      const takesNegative = arg.startsWith('--') && !arg.includes('=') && /^-\d/.test(next ?? '');
      joined.push(takesNegative ? `${arg}=${next}` : arg);
      if (takesNegative) i++;
    }
    return joined;
  }

  /** A count flag's value as a number, or a UsageError naming the flag and its range. */
  count(values: Record<string, unknown>, name: keyof T & string): number {
    const flag = this.spec.options[name];
    if (!flag?.count) throw new Error(`--${name} is not declared as a count`);
    const raw = values[name];
    const { min, max } = flag.count;
    const text = String(raw ?? flag.default);
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
    }
    return value;
  }

  /** An optional count flag: undefined when not given. */
  optionalCount(values: Record<string, unknown>, name: keyof T & string): number | undefined {
    return values[name] === undefined ? undefined : this.count(values, name);
  }

  /** The `--help` text: the summary, then one line per flag with its default. */
  help(): string {
    const rows: [string, string][] = [];
    const all = [...Object.entries(this.spec.options), ...builtIn] as [string, FlagSpec][];
    for (const [name, flag] of all) {
      const value = flag.type === 'string' ? ' <n>' : '';
      const short = flag.short ? `-${flag.short}, ` : '';
      const left = `  ${short}--${name}${flag.type === 'string' && !flag.count ? ' <value>' : value}`;
      const range = flag.count ? ` (${flag.count.min} to ${flag.count.max})` : '';
      const fallback =
        flag.default === undefined || flag.default === false ? '' : ` [default: ${flag.default}]`;
      rows.push([left, `${flag.help}${range}${fallback}`]);
    }
    const width = Math.max(...rows.map(([left]) => left.length)) + 2;
    return [
      ...wrap(`${this.program}: ${this.spec.summary}`, 0),
      '',
      `Usage: pnpm --filter ${this.program} start -- [flags]`,
      '',
      ...rows.flatMap(([left, right]) => wrap(left.padEnd(width) + right, width)),
      '',
      `${TIME_SCALE_VAR}=0.2 makes every sleep 5 times shorter (default 1).`,
      '',
    ].join('\n');
  }

  /**
   * Check the time scale against the longest sleep: a UsageError naming the variable
   * if it is not a positive number or would stretch a sleep past a timer's limit.
   */
  checkTimeScale(): number {
    let scale: number;
    try {
      scale = timeScale();
    } catch (error) {
      throw new UsageError(`${TIME_SCALE_VAR}: ${(error as Error).message}`);
    }
    const longest = (this.spec.longestSleepMs ?? 0) * scale;
    if (longest > TIMER_LIMIT_MS) {
      throw new UsageError(
        `${TIME_SCALE_VAR}=${process.env[TIME_SCALE_VAR]} would make a ${this.spec.longestSleepMs} ms sleep last ${Math.round(longest / 86_400_000)} days, past the ${Math.floor(TIMER_LIMIT_MS / 86_400_000)} days a timer can hold`,
      );
    }
    return scale;
  }
}

/** The widest line `--help` prints: a terminal of 100 columns shows each whole. */
export const HELP_WIDTH = 100;

/** A line cut at spaces into lines of at most HELP_WIDTH, each next one indented. */
function wrap(line: string, indent: number): string[] {
  const lines: string[] = [];
  let rest = line;
  while (rest.length > HELP_WIDTH) {
    const cut = rest.lastIndexOf(' ', HELP_WIDTH);
    if (cut <= indent) break;
    lines.push(rest.slice(0, cut));
    rest = ' '.repeat(indent) + rest.slice(cut + 1);
  }
  return [...lines, rest];
}

/** Declare a program's flags once: parseArgs options, `--help` text and count checks. */
export function commandLine<T extends Record<string, FlagSpec>>(
  spec: CommandLineSpec<T>,
): CommandLine<T> {
  return new CommandLine(spec);
}

/** True for the errors node:util's parseArgs throws for a bad command line. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** The one line a usage mistake prints, after the program's name. */
export function usageLine(error: Error): string {
  const first = error.message.split('\n')[0]!;
  // parseArgs suggests `--` for a value that looks like a flag; our hint is --help.
  const plain = first
    .replace(/\. To specify an? (option|positional) argument.*$/, '')
    .replace(/\.$/, '');
  return `${plain} (run with --help to see the flags)`;
}

/**
 * Run a program's main function with the shared command-line rules: `--help`/`-h`
 * prints the flags and exits 0; a bad time scale, an unknown flag or a bad count
 * prints one line and exits 2; any other failure (a worker that threw, a child that
 * died) prints one line (its stack too when CONCURRENCY_DEBUG is set) and exits 1.
 */
export function runMain<T extends Record<string, FlagSpec>>(
  cli: CommandLine<T>,
  main: (args: string[]) => Promise<void> | void,
): void {
  runCommand(cli, main, (beforeDashes) => {
    cli.checkTimeScale();
    checkTraceFile();
    if (beforeDashes.includes('--timeline')) requestTimeline();
  });
}

/** A trace file that cannot be appended to is refused before anything starts. */
function checkTraceFile(): void {
  const path = process.env[TRACE_FILE_VAR];
  if (!path) return;
  try {
    closeSync(openTrace(path));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** What runMain and the tools' runTool share; `prepare` runs first, inside the error handling. */
export function runCommand(
  cli: { program: string; args(): string[]; help(): string },
  main: (args: string[]) => Promise<void> | void,
  prepare: (beforeDashes: string[]) => void = () => {},
): void {
  const args = cli.args();
  const beforeDashes = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) {
    writeAllSync(1, cli.help());
    return;
  }
  let settled = false;
  // A main that waits on something nothing will ever do (a promise nobody settles, a
  // worker that never answers) would otherwise end with exit code 0, its last lines
  // silently skipped: Node exits once nothing is left to wait for.
  process.once('beforeExit', () => {
    if (settled) return;
    writeAllSync(
      2,
      `${cli.program}: main never finished: it awaits something nothing will settle\n`,
    );
    process.exitCode = 1;
  });
  Promise.resolve()
    .then(() => {
      prepare(beforeDashes);
      return main(args);
    })
    .then(
      () => {
        settled = true;
      },
      (error: unknown) => {
        settled = true;
        reportFailure(cli.program, error);
      },
    );
}

/** One line on stderr, exit code 2 for a usage mistake and 1 for anything else. */
function reportFailure(program: string, error: unknown): void {
  const parseArgsError = isParseArgsError(error);
  const usage = error instanceof UsageError || parseArgsError;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const line = parseArgsError ? usageLine(error) : message;
  writeAllSync(2, `${program}: ${line}\n`);
  if (!usage && error instanceof Error && error.stack && process.env.CONCURRENCY_DEBUG) {
    writeAllSync(2, `${error.stack}\n`);
  }
  process.exitCode = usage ? 2 : 1;
}
