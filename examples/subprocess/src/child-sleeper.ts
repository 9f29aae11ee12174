// The program part two starts and then has to kill: it starts a grandchild (this
// same file) and both sleep far longer than the parent's timeout allows.
import { spawn } from 'node:child_process';
import { sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

// A sleeper whose parent has died must not sleep on: the parent holds the write end
// of our stdin, so its death (even by SIGKILL) closes it, and we leave at once.
process.stdin.on('end', () => process.exit(1)).resume();

if (process.argv[2] !== 'grandchild') {
  // stdin and stdout are inherited: the grandchild holds the same pipes open.
  const grandchild = spawn(process.execPath, [process.argv[1]!, 'grandchild'], {
    stdio: 'inherit',
  });
  process.stdout.write(`child ${process.pid} started grandchild ${grandchild.pid}\n`);
}
await sleep(nominal.sleepMs);
process.exit(0);
