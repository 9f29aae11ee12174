// The child process that main starts and does not join at once: it ticks, then ends.
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

export type Report = { error: { message: string; stack?: string } };

// If the parent dies, the child goes too: it must not tick on under init. (Listening
// holds the channel open; unref() lets the child end when its ticks are done.)
process.on('disconnect', () => process.exit(1));
process.channel?.unref();

// The Python twin's target:
//   def work(ticks):
//       for i in range(ticks): print(f"child: tick {i}"); time.sleep(0.3)
const [ticks, fail] = [Number(process.argv[2]), process.argv[3] === 'fail'];
// The parent does not wait for these: it goes on with its own lines meanwhile.
try {
  for (let i = 0; i < ticks; i++) {
    emit('child', 'tick', `child: tick ${i}`, { i });
    if (fail && i === 1) throw new Error('the child failed on purpose');
    await sleep(nominal.childTickMs);
  }
  emit('child', 'finish', 'child: finished');
} catch (error) {
  // An exception does not cross a process by itself: send it, then exit 1.
  const { message, stack } = error as Error;
  process.send!({ error: { message, stack } } satisfies Report, () => process.exit(1));
}
