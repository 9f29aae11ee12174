// The stop handshake: a run asked to stop at an event stops there, and nowhere else,
// until the test lets it go; waitForStop says so, or says the run ended first.
import { fileURLToPath } from 'node:url';
import { STOP_AT_VAR } from '@concurrency/trace';
import { describe, expect, it } from 'vitest';
import { startExample } from '../src/run.ts';

const harness = fileURLToPath(new URL('..', import.meta.url));
const entry = 'test/fixtures/stop-at.ts';

describe('CONCURRENCY_STOP_AT and waitForStop', () => {
  it('stop the process right after the event it names, until SIGCONT', async () => {
    const running = startExample(harness, { entry, env: { [STOP_AT_VAR]: 'fixture:two' } });
    expect(await running.waitForStop()).toBe(running.pid);
    // Stopped, it cannot have gone on to `three`, however long this test takes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running.hasExited()).toBe(false);
    process.kill(-running.pid, 'SIGCONT');
    const run = await running.done;
    expect(run).toMatchObject({ exitCode: 0, stdout: 'one\ntwo\nthree', leftBehind: false });
  });

  it('waitForStop rejects, naming why, when the run ends without stopping', async () => {
    const running = startExample(harness, { entry, env: { [STOP_AT_VAR]: 'fixture:four' } });
    await expect(running.waitForStop()).rejects.toThrow(
      'the run ended before any of its processes stopped',
    );
    expect((await running.done).exitCode).toBe(0);
  });
});
