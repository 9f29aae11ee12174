import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { childEnded } from '../src/join-child.ts';
import { forkChild } from '../src/spawn.ts';

const exitChild = new URL('./fixtures/exit-child.ts', import.meta.url);

describe('childEnded', () => {
  it('resolves when the child exits 0', async () => {
    await expect(childEnded(forkChild(exitChild, ['0']), 'child zero')).resolves.toBeUndefined();
  });

  it('rejects with the name and the code when the child exits non-zero', async () => {
    await expect(childEnded(forkChild(exitChild, ['3']), 'child three')).rejects.toThrow(
      'child three exited with code 3',
    );
  });

  it('rejects with the signal when the child is killed', async () => {
    const child = forkChild(exitChild, ['wait']);
    const ended = childEnded(child, 'the waiting child');
    await once(child, 'spawn');
    child.kill('SIGTERM');
    await expect(ended).rejects.toThrow('the waiting child was killed by SIGTERM');
  });

  it('holds a failure until someone awaits it, without an unhandled rejection', async () => {
    const child = forkChild(exitChild, ['4']);
    const ended = childEnded(child, 'late');
    await once(child, 'close');
    await expect(ended).rejects.toThrow('late exited with code 4');
  });
});
