import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRACE_FILE_VAR } from '../src/env.ts';
import { fixtureArgs } from './fixture-args.ts';

describe('emit', () => {
  it('writes each line whole to stdout and the trace, from three threads at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emit-'));
    const traceFile = join(dir, 'trace.jsonl');
    let stdout: string;
    let written: string;
    try {
      stdout = execFileSync(
        process.execPath,
        fixtureArgs(new URL('./fixtures/emit-many.ts', import.meta.url)),
        { env: { ...process.env, [TRACE_FILE_VAR]: traceFile } },
      ).toString();
      written = readFileSync(traceFile, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const lines = stdout.trim().split('\n');
    const events = written
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(600);
    expect(events).toHaveLength(600);
    expect(new Set(events.map((e) => e.tid)).size).toBe(3);
    expect(new Set(events.map((e) => e.pid))).toEqual(new Set([events[0].pid]));
    expect([...lines].sort()).toEqual(events.map((e) => e.text).sort());
    for (const e of events)
      expect(Object.keys(e)).toEqual(['t', 'pid', 'tid', 'actor', 'event', 'text', 'i', 'cpuWait']);
    // Each thread's wait for a core is a running total: it never goes down.
    for (const tid of new Set(events.map((e) => e.tid))) {
      const waits = events.filter((e) => e.tid === tid).map((e) => e.cpuWait);
      expect(waits).toEqual([...waits].sort((a, b) => a - b));
    }
  });

  it('counts the time a thread stood ready while other processes had its only core', () => {
    // All pinned to core 0: two spinners and the fixture take turns, so of the 300 ms
    // the fixture spins by the clock it runs about a third and waits two thirds.
    const dir = mkdtempSync(join(tmpdir(), 'emit-'));
    const traceFile = join(dir, 'trace.jsonl');
    const onCore0 = (...args: string[]) => ['-c', '0', process.execPath, ...args];
    const spinners = [1, 2].map(() =>
      spawn('taskset', onCore0('-e', 'for(;;){}'), { stdio: 'ignore' }),
    );
    let written: string;
    try {
      const fixture = fixtureArgs(new URL('./fixtures/burn-between.ts', import.meta.url));
      execFileSync('taskset', onCore0(...fixture, '300'), {
        env: { ...process.env, [TRACE_FILE_VAR]: traceFile },
      });
      written = readFileSync(traceFile, 'utf8');
    } finally {
      for (const spinner of spinners) spinner.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
    const [before, after] = written
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const waited = after.cpuWait - before.cpuWait;
    // More than half the span: the time it ran (a third, at most) would not reach it.
    expect(waited).toBeGreaterThan((after.t - before.t) / 2);
    expect(waited).toBeLessThanOrEqual(after.t - before.t);
  });
});
