// The timeline lives in @concurrency/trace, so that an example can draw its own
// (`--timeline`); the checks here use it to explain a failure.
export {
  formatMs,
  LETTERED_MARKS,
  markLetter,
  renderTimeline,
  type TimelineOptions,
  timeOf,
} from '@concurrency/trace';
