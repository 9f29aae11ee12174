import { parseArgs } from 'node:util';
import {
  type CommandLine,
  type FlagSpec,
  HELP_WIDTH,
  TIME_SCALE_VAR,
  UsageError,
} from '@concurrency/trace';
import { describe, expect, it } from 'vitest';
import { expectUsageError } from './checks-usage.ts';
import { runExample } from './run.ts';

type AnyCommandLine = CommandLine<Record<string, FlagSpec>>;

/** Parse like a main.ts does and read every count flag: the checks a program makes first. */
export function parseCommandLine(cli: AnyCommandLine, argv: string[]): Record<string, unknown> {
  const { values } = parseArgs({ args: cli.args(argv), options: cli.options, strict: true });
  for (const [name, flag] of Object.entries(cli.spec.options)) {
    if (flag.count && values[name] !== undefined) cli.count(values, name);
  }
  return values;
}

/**
 * The command-line rules every example keeps, proven once per example: most in this
 * process (each count flag refuses zero or below its floor, negatives, words and one
 * past its ceiling, naming the flag; a time scale too long for its longest sleep),
 * and two real runs for what only a process shows: `--help` exits 0 and lists every
 * flag in lines of at most 100 columns, an unknown flag exits 2 with one line.
 */
export function describeCommandLine(packageDir: string, cli: AnyCommandLine): void {
  describe(`${cli.program}'s command line`, () => {
    const counts = Object.entries(cli.spec.options).filter(([, flag]) => flag.count);
    const bad = counts.flatMap(([name, flag]) => {
      const { min, max } = flag.count!;
      const below = min > 0 ? [String(min - 1)] : [];
      return [...below, '-3', 'many', '2.5', String(max + 1), '1e9'].map((value) => [name, value]);
    });
    it.each(bad)('--%s %s is refused, naming the flag and its range', (name, value) => {
      const { min, max } = cli.spec.options[name]!.count!;
      expect(() => parseCommandLine(cli, [`--${name}`, value])).toThrow(
        new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`),
      );
    });

    it.each(counts)('--%s takes its floor and its ceiling', (name, flag) => {
      for (const value of [flag.count!.min, flag.count!.max]) {
        const values = parseCommandLine(cli, [`--${name}`, String(value)]);
        expect(cli.count(values, name)).toBe(value);
      }
    });

    it('a time scale that is not a positive number, or too long to time, is refused', () => {
      const saved = process.env[TIME_SCALE_VAR];
      try {
        for (const value of ['abc', '0', '-1', 'Infinity', '1e12']) {
          process.env[TIME_SCALE_VAR] = value;
          expect(() => cli.checkTimeScale(), value).toThrow(TIME_SCALE_VAR);
        }
      } finally {
        if (saved === undefined) delete process.env[TIME_SCALE_VAR];
        else process.env[TIME_SCALE_VAR] = saved;
      }
    });

    it('--help prints every flag with its line and exits 0', async () => {
      const run = await runExample(packageDir, { args: ['--help'] });
      expect(run).toMatchObject({ exitCode: 0, stderr: '', stdout: cli.help().trimEnd() });
      for (const name of [...Object.keys(cli.spec.options), 'help', 'timeline']) {
        expect(run.stdout).toContain(`--${name}`);
      }
      // Every line fits a terminal of 100 columns.
      const wide = run.stdout.split('\n').filter((line) => line.length > HELP_WIDTH);
      expect(wide, `--help lines wider than ${HELP_WIDTH} columns`).toEqual([]);
    });

    it('an unknown flag exits 2 with one line that points to --help', async () => {
      const run = await runExample(packageDir, { args: ['--no-such-flag'] });
      expect(expectUsageError(run, "Unknown option '--no-such-flag'")).toBe(
        `${cli.program}: Unknown option '--no-such-flag' (run with --help to see the flags)`,
      );
    });

    // A bad time scale as a process: runMain checks it (in-process above, with this
    // program's longest sleep) before main runs, on the path --help has just shown
    // this program takes; packages/trace's runMain tests run that path as a process.
  });
}
