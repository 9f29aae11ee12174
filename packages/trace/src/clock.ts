// One clock for every thread and process on the machine: process.hrtime reads
// CLOCK_MONOTONIC on Linux, so a time taken in a worker or a child process can be
// compared with one taken in the parent. Date.now() could jump; performance.now()
// counts from each thread's own start, so neither would do.
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
