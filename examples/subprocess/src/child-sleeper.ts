// The program part two starts and then has to kill: it starts a grandchild (this
// same file) and both sleep far longer than the parent's timeout allows.
import { type StdioOptions, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

// A sleeper whose parent has died must not sleep on. The parent holds the other end
// of a fourth stream, fd 3, for as long as it lives; its death (even by SIGKILL)
// closes it, and we leave at once. Not stdin: Node closes a child's stdin when the
// child exits, which would end the grandchild with the child, and hide the pitfall.
const parentLine = new Socket({ fd: 3, readable: true, writable: false });
parentLine.on('end', () => process.exit(1)).resume();

if (process.argv[2] !== 'grandchild') {
  // stdout, stderr and fd 3 are inherited: the grandchild holds the same streams.
  const stdio: StdioOptions = ['ignore', 'inherit', 'inherit', 'inherit'];
  const grandchild = spawn(process.execPath, [process.argv[1]!, 'grandchild'], { stdio });
  // Traced, not printed: the test looks for this pid after the group is killed.
  emit('sleeper', 'grandchild', undefined, { pid: grandchild.pid ?? -1 });
}
// time.sleep(10). The parent's timeout is 1 s: it kills us long before this ends.
await sleep(nominal.sleepMs);
// The watch on fd 3 keeps the process alive: leave explicitly.
process.exit(0);
