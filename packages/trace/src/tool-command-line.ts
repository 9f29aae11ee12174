import { CommandLine, type CommandLineSpec, type FlagSpec, runCommand } from './command-line.ts';
import { TIME_SCALE_VAR } from './env.ts';

// The repository's own tools (the tour, timelines, new-example, bench, conformance)
// share the examples' command line: the same flag table, `--help` text and one-line
// errors. What differs: a tool says how it is called (`pnpm start [flags]`), takes no
// built-in `--timeline` unless it declares one, and has no time scale of its own
// unless it says so.

export interface ToolSpec<T extends Record<string, FlagSpec>> extends CommandLineSpec<T> {
  /** How a person calls it: `pnpm new-example <name> --from <example> [flags]`. */
  usage: string;
  /** True if the tool's runs read CONCURRENCY_TIME_SCALE (the tour does). */
  timeScale?: boolean;
}

export class ToolCommandLine<T extends Record<string, FlagSpec>> extends CommandLine<T> {
  readonly usage: string;
  readonly timeScale: boolean;

  constructor(spec: ToolSpec<T>) {
    super(spec);
    this.usage = spec.usage;
    this.timeScale = spec.timeScale ?? false;
    if (!Object.hasOwn(spec.options, 'timeline')) {
      delete (this.options as Record<string, unknown>).timeline;
    }
  }

  override help(): string {
    const lines = super.help().split('\n');
    // The built-in --timeline row is the last flag row: drop it, the tool's own (if
    // any) is listed with its flags.
    const builtIn = lines.findLastIndex((line) => /^ {2}--timeline\b/.test(line));
    if (builtIn >= 0) lines.splice(builtIn, 1);
    const text = lines
      .map((line) => (line.startsWith('Usage: ') ? `Usage: ${this.usage}` : line))
      .join('\n');
    return this.timeScale ? text : text.replace(new RegExp(`\\n${TIME_SCALE_VAR}=.*\\n`), '');
  }
}

/** Declare a tool's flags once: parseArgs options, `--help` text and count checks. */
export function toolCommandLine<T extends Record<string, FlagSpec>>(
  spec: ToolSpec<T>,
): ToolCommandLine<T> {
  return new ToolCommandLine(spec);
}

/**
 * Run a tool's main function with the examples' rules: `--help`/`-h` prints the flags
 * and exits 0; an unknown flag or a bad value prints one line pointing to --help and
 * exits 2; any other failure prints one line (the stack too with CONCURRENCY_DEBUG)
 * and exits 1. Unlike `runMain`, it neither checks a time scale nor draws a timeline:
 * a tool that runs examples hands those on to them.
 */
export function runTool<T extends Record<string, FlagSpec>>(
  cli: ToolCommandLine<T>,
  main: (args: string[]) => Promise<void> | void,
): void {
  runCommand(cli, main);
}
