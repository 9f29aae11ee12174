// The pool's worker for the benchmarks: each task is `units` of CPU work.
import { burnCpu } from '@concurrency/trace';
import { serve } from './serve.ts';

serve((units: number) => burnCpu(units));
