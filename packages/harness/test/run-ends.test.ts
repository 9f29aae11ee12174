// The harness's own promises about how a run ended: a single process left behind is
// reported (and killed), and a run killed at its deadline says so, unlike one that
// ended by itself. Each against a stand-in program that does exactly that.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runExample } from '../src/run.ts';
import { runWithDeadline } from '../src/run-deadline.ts';

const harness = fileURLToPath(new URL('..', import.meta.url));
const entry = 'test/fixtures/group.mjs';

describe('how a run ended', () => {
  it('one child left in the group after main exits is reported and killed', async () => {
    const run = await runExample(harness, { entry, args: ['leave-one'] });
    expect(run).toMatchObject({ exitCode: 0, leftBehind: true, timedOut: false });
    expect(run.leftBehindCommands).toEqual(['sleep 30']);
  });

  it('a leftover that holds stdout open is reported at once, not taken for a hang', async () => {
    const run = await runExample(harness, {
      entry,
      args: ['leave-holding'],
      hangTimeoutMs: 20_000,
    });
    expect(run).toMatchObject({ exitCode: 0, leftBehind: true, timedOut: false });
    expect(run.leftBehindCommands).toEqual(['sleep 30']);
    expect(run.wallMs).toBeLessThan(10_000);
  });

  it('a run that ends by itself with nothing left says neither', async () => {
    const run = await runExample(harness, { entry, args: ['done'] });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'done', leftBehind: false, timedOut: false });
    expect(run.leftBehindCommands).toEqual([]);
  });

  it('a run killed at its hang timeout says timedOut, with the signal that stopped it', async () => {
    const run = await runExample(harness, { entry, args: ['hang'], hangTimeoutMs: 500 });
    expect(run).toMatchObject({ signal: 'SIGKILL', timedOut: true, leftBehind: false });
    expect(run.wallMs).toBeGreaterThanOrEqual(500);
  });

  it('runWithDeadline says stoppedAtDeadline for a run it killed, and not for one that ended', async () => {
    const stopped = await runWithDeadline(
      harness,
      { entry, args: ['hang'] },
      { after: /ready/, withinMs: 200 },
    );
    expect(stopped).toMatchObject({ signal: 'SIGKILL', stoppedAtDeadline: true, timedOut: false });
    const ended = await runWithDeadline(
      harness,
      { entry, args: ['done'] },
      { after: /done/, withinMs: 5_000 },
    );
    expect(ended).toMatchObject({ exitCode: 0, stoppedAtDeadline: false, timedOut: false });
  });
});
