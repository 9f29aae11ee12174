import { readdirSync, readFileSync } from 'node:fs';

export interface GroupMember {
  pid: number;
  command: string;
}

/**
 * The living processes of a process group, read from /proc (Linux). Zombies do
 * not count: they have ended, and only wait for a parent to collect them, which
 * in a container whose pid 1 does not reap can be forever.
 */
export function livingMembers(pgid: number): GroupMember[] {
  const members: GroupMember[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended while we looked
    }
    // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(close + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') {
      members.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close) });
    }
  }
  return members;
}
