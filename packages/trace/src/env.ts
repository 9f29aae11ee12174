// The environment variables through which the harness talks to an example.
export const TRACE_FILE_VAR = 'CONCURRENCY_TRACE';
export const TIME_SCALE_VAR = 'CONCURRENCY_TIME_SCALE';
