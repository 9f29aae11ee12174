// The environment variables through which the harness talks to an example.
export const TRACE_FILE_VAR = 'CONCURRENCY_TRACE';
export const TIME_SCALE_VAR = 'CONCURRENCY_TIME_SCALE';
/**
 * A test's handshake, never a person's: `event` or `actor:event`. The process that
 * traces the first such event stops itself (SIGSTOP) right after writing it, so the
 * test can act on a run that cannot move on, then let it go with SIGCONT.
 */
export const STOP_AT_VAR = 'CONCURRENCY_STOP_AT';
