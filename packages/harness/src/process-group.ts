import { execFileSync } from 'node:child_process';

export interface GroupMember {
  pid: number;
  /** The command line it was started with. */
  command: string;
}

/**
 * The living processes of a process group, from `ps` (the same flags on Linux and
 * macOS), each with its whole command line: the short name is no use, since Node 24
 * names its main thread and so its process `MainThread`. Zombies do not count: they have ended, and only wait for a parent to
 * collect them, which in a container whose pid 1 does not reap can be forever.
 */
export function livingMembers(pgid: number): GroupMember[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  const members: GroupMember[] = [];
  for (const row of table.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(row);
    if (!match) continue;
    const [, pid, group, state, command] = match;
    if (Number(group) === pgid && !state!.startsWith('Z')) {
      members.push({ pid: Number(pid), command: command!.trim() });
    }
  }
  return members;
}
