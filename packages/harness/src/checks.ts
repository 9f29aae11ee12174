// Checks on a trace. Each throws a TraceCheckError that explains itself (the rule, the
// events that broke it, a timeline) and, when it holds, returns what it measured.
export {
  type AllBefore,
  type AllBeforeOptions,
  expectActorOrder,
  expectAllBefore,
  expectCount,
} from './checks-order.ts';
export { expectStdoutMatchesTrace } from './checks-output.ts';
export {
  expectMutualExclusion,
  expectPeakConcurrency,
  type Peak,
  peakConcurrency,
  type Span,
  type SpanSpec,
  spans,
} from './checks-spans.ts';
export { type DurationSpec, expectDuration, spanOf } from './checks-timing.ts';
