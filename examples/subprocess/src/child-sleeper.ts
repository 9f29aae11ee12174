// The program part two starts and then has to kill: it starts a grandchild (this
// same file) and both sleep far longer than the parent's timeout allows.
import { spawn } from 'node:child_process';
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

// A sleeper whose parent has died must not sleep on: the parent holds the write end
// of our stdin, so its death (even by SIGKILL) closes it, and we leave at once.
process.stdin.on('end', () => process.exit(1)).resume();

if (process.argv[2] !== 'grandchild') {
  // All three streams are inherited: the grandchild holds the same pipes open.
  const grandchild = spawn(process.execPath, [process.argv[1]!, 'grandchild'], {
    stdio: 'inherit',
  });
  // Traced, not printed: the test looks for this pid after the group is killed.
  emit('sleeper', 'grandchild', undefined, { pid: grandchild.pid ?? -1 }); // traced only
}
// time.sleep(10). The parent's timeout is 1 s: it kills us long before this ends.
await sleep(nominal.sleepMs);
// The stdin watch above keeps the process alive: leave explicitly.
process.exit(0);
