import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRACE_FILE_VAR } from '../src/env.ts';
import { fixtureArgs } from './fixture-args.ts';

const program = fixtureArgs(new URL('./fixtures/timeline-main.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean[TRACE_FILE_VAR];
  const result = spawnSync(process.execPath, [...program, ...args], {
    env: { ...clean, ...env },
    encoding: 'utf8',
  });
  return { ...result, lanes: lanesOf(result.stdout) };
}

// The lane names of a chart: the first word of each row between the heading and the axis.
function lanesOf(stdout: string): string[] {
  const rows = stdout.split('\n');
  const heading = rows.findIndex((row) => row.startsWith('timeline: '));
  if (heading < 0) return [];
  const axis = rows.findIndex((row, i) => i > heading && row.trimStart().startsWith('┬'));
  return rows.slice(heading + 1, axis).map((row) => row.split(' ')[0]!);
}

describe('--timeline, which every program takes through parseFlags', () => {
  it('draws main, its worker and its child process, one lane each, after the output', () => {
    const { status, stdout, stderr, lanes } = run(['--timeline']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(lanes).toEqual(['main', 'worker', 'child']);
    expect(stdout.indexOf('main finishes')).toBeLessThan(stdout.indexOf('timeline: '));
    expect(stdout).toMatch(/ ms\n.*● event/);
  });

  it('is also accepted after the `--` that pnpm passes on', () => {
    expect(run(['--', '--timeline']).lanes).toEqual(['main', 'worker', 'child']);
  });

  it('draws nothing without the flag', () => {
    const { status, stdout } = run([]);
    expect(status).toBe(0);
    expect(stdout).not.toContain('timeline');
  });

  it('writes to the trace file already named, keeping it, when there is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'timeline-flag-'));
    const traceFile = join(dir, 'trace.jsonl');
    try {
      const { lanes } = run(['--timeline'], { [TRACE_FILE_VAR]: traceFile });
      expect(lanes).toEqual(['main', 'worker', 'child']);
      expect(readFileSync(traceFile, 'utf8').trim().split('\n')).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still draws the run when the program fails, after its one-line error', () => {
    const { status, stderr, lanes } = run(['--timeline', '--fail']);
    expect(status).toBe(1);
    expect(stderr).toBe('timeline-main: failed on purpose\n');
    expect(lanes).toEqual(['main', 'worker', 'child']);
  });

  it('draws nothing after a usage mistake, which ran nothing', () => {
    const { status, stdout, stderr } = run(['--timeline', '--fast']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
