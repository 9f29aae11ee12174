// Each "From Python" row's command, run as the table says: its output shows the API.
import { fileURLToPath } from 'node:url';
import { runExample } from '@concurrency/harness';
import { describe, expect, it } from 'vitest';
import { pythonRows } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe.concurrent('the From Python rows', () => {
  it.each(pythonRows)('$python: $args', async ({ args, shows }) => {
    const run = await runExample(packageDir, { scale: 0.2, args });
    expect(run.stdout).toMatch(shows);
  });
});
