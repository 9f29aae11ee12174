import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** What the figures were measured on: written above every table. */
export interface Machine {
  date: string;
  cpu: string;
  cpus: number;
  node: string;
  python: string;
  load: string;
}

export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (line) cpu = line[1]!.trim();
  } catch {}
  let python = 'not installed';
  try {
    python = execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();
  } catch {}
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu,
    cpus: cpus().length,
    node: process.version,
    python,
    load: loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}
