import { readTrace, type Trace } from '@concurrency/harness';
import { fixturePath } from '../src/drawn.ts';

// Fixtures: the run behind each example's timeline.svg (`pnpm timelines` keeps it),
// its CONCURRENCY_TRACE file as it was written.
export const fixture = (name: string): Trace => readTrace(fixturePath(name));
