import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { livingMembers } from '../src/process-group.ts';

describe('livingMembers', () => {
  it('finds every living process of a group, by pid and command line, and none once they end', async () => {
    // A shell leading its own group, with a child of its own: two members.
    const leader = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const pgid = leader.pid!;
    try {
      let members = livingMembers(pgid);
      // Until the child has exec'd: just forked, it still shows the shell's command line.
      const childIsSleeping = () => members.some((m) => m.pid !== pgid && m.command === 'sleep 30');
      for (let i = 0; i < 100 && !childIsSleeping(); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        members = livingMembers(pgid);
      }
      expect(members.map((m) => m.pid)).toContain(pgid);
      expect(members.find((m) => m.pid !== pgid)?.command).toBe('sleep 30');
    } finally {
      const ended = once(leader, 'exit');
      process.kill(-pgid, 'SIGKILL');
      await ended;
    }
    for (let i = 0; i < 100 && livingMembers(pgid).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(livingMembers(pgid)).toEqual([]);
  });
});
