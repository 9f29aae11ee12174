// Reading a trace lives in @concurrency/trace (an example reads its own for
// `--timeline`); the harness re-exports it for tests.
export { parseTrace, readTrace, type Trace } from '@concurrency/trace';
