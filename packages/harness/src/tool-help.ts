import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { CommandLine, FlagSpec } from '@concurrency/trace';
import { expectUsageError } from './checks-usage.ts';

/**
 * The command-line rules every tool of the repository keeps, checked by running it:
 * `--help` (and so `-h`, the same branch) prints exactly `cli.help()` (every flag, its default, one line
 * each) and exits 0; an unknown flag exits 2 with one line that points to --help.
 * Throws, naming what broke; `entry` is the tool's `.ts` file, run through tsx.
 */
export function expectToolCommandLine<T extends Record<string, FlagSpec>>(
  entry: string,
  cli: CommandLine<T>,
): void {
  const run = (arg: string) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', entry, arg], {
      cwd: dirname(entry),
      encoding: 'utf8',
    });
    return { exitCode: result.status ?? undefined, stdout: result.stdout, stderr: result.stderr };
  };
  // `-h` is the same branch of the shared runCommand as `--help` (command-line.ts),
  // tested once there (packages/trace's runMain tests); one run per tool shows the
  // tool goes through it.
  const flag = '--help';
  const { exitCode, stdout, stderr } = run(flag);
  if (exitCode !== 0 || stderr !== '' || stdout !== cli.help()) {
    throw new Error(
      `${cli.program} ${flag} must print its flags and exit 0, but it exited ${exitCode}` +
        `\nstdout: ${JSON.stringify(stdout)}\nstderr: ${JSON.stringify(stderr)}`,
    );
  }
  for (const name of [...Object.keys(cli.spec.options), 'help']) {
    if (!stdout.includes(`--${name}`)) throw new Error(`${cli.program} ${flag} omits --${name}`);
  }
  const line = expectUsageError(run('--no-such-flag'), "Unknown option '--no-such-flag'");
  const expected = `${cli.program}: Unknown option '--no-such-flag' (run with --help to see the flags)`;
  if (line !== expected)
    throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(line)}`);
}
