// A busy process for the capacity probe: on "go", spin for the given milliseconds
// and answer with how much work it got done per millisecond.
import { burnCpu, nowMs } from '@concurrency/trace';

process.on('message', (ms: number) => {
  const start = nowMs();
  let units = 0;
  while (nowMs() - start < ms) {
    burnCpu(1 << 14);
    units += 1 << 14;
  }
  process.send!(units / (nowMs() - start));
});
process.send!('ready');
