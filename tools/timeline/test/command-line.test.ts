import { fileURLToPath } from 'node:url';
import { expectToolCommandLine } from '@concurrency/harness';
import { it } from 'vitest';
import { cli } from '../src/cli.ts';

const entry = fileURLToPath(new URL('../src/timelines.ts', import.meta.url));

it('--help prints every flag with its default and exits 0 (-h is the same branch); an unknown flag points to --help', () => {
  expectToolCommandLine(entry, cli);
});
