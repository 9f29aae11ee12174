import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expectToolCommandLine, expectUsageError } from '@concurrency/harness';
import { expect, it } from 'vitest';
import { cli } from '../src/cli.ts';

const entry = fileURLToPath(new URL('../src/timelines.ts', import.meta.url));

it('--help prints every flag with its default and exits 0 (-h is the same branch); an unknown flag points to --help', () => {
  expectToolCommandLine(entry, cli);
});

it('refuses --out without --chrome-trace, and --out for other than exactly one example, before running any', () => {
  const run = (...args: string[]) => {
    const { status, stdout, stderr } = spawnSync(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      // tsx is found from the tool's own folder, as `pnpm timelines` runs it.
      { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' },
    );
    return { exitCode: status ?? undefined, stdout, stderr };
  };
  expectUsageError(run('--only', 'threads', '--out', 'x.json'), '--out: only with --chrome-trace');
  expectUsageError(run('--chrome-trace', '--out', 'x.json'), '--out: name exactly one example');
  expect(cli.help()).toContain('ui.perfetto.dev');
});
