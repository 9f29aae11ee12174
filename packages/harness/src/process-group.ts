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
  return groupTable(pgid)
    .filter((member) => !member.state.startsWith('Z'))
    .map(({ pid, command }) => ({ pid, command }));
}

/** The members of a process group stopped by a signal (state T), such as SIGSTOP. */
export function stoppedMembers(pgid: number): GroupMember[] {
  return groupTable(pgid)
    .filter((member) => member.state.startsWith('T'))
    .map(({ pid, command }) => ({ pid, command }));
}

function groupTable(pgid: number): (GroupMember & { state: string })[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  const members: (GroupMember & { state: string })[] = [];
  for (const row of table.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(row);
    if (match && Number(match[2]) === pgid) {
      members.push({ pid: Number(match[1]), state: match[3]!, command: match[4]!.trim() });
    }
  }
  return members;
}
