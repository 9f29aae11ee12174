import { execFileSync } from 'node:child_process';
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
      expect(Object.keys(e)).toEqual(['t', 'pid', 'tid', 'actor', 'event', 'text', 'i']);
  });
});
