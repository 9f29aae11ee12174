// Proof machinery, not the lesson. Requests reach the server a few ms apart, and on
// a busy machine the first could be answered before the last arrives: the requests
// would not overlap, and a module variable would hold the right id by luck. So every
// request waits here, after its first line, until all of them have arrived; then they
// all go on together. With the module variable, every request has overwritten it by
// then, so the broken contrast is wrong every run, not now and then.

/** A gate for `count` requests: each awaits the returned function; all pass together. */
export function gate(count: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const allIn = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === count) open();
    return allIn;
  };
}
