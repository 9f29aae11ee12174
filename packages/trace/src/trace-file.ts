import { readFileSync } from 'node:fs';
import type { TraceEvent } from './emit.ts';

/** A run's events, ordered by their timestamps, never by the order they were written. */
export type Trace = readonly TraceEvent[];

export function parseTrace(jsonLines: string): Trace {
  const events = jsonLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as TraceEvent;
      } catch {
        throw new Error(`trace line ${index + 1} is not JSON: ${line.slice(0, 120)}`);
      }
    });
  return events.sort((a, b) => a.t - b.t);
}

export function readTrace(path: string): Trace {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return parseTrace(text);
}
