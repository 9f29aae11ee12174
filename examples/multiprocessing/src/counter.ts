// A module-level value, the kind a Python module keeps in a global. Every process that
// imports this file gets its own copy, in its own memory: when a child changes it, the
// parent's copy does not move. Only a message carries the child's value back.
import { emit } from '@concurrency/trace';

export let counter = 0;

// The job of the counter child: it changes the copy in the process that runs it.
export function addToCounter(amount: number): number {
  counter += amount;
  return counter;
}

// counter = 10, in the parent, before part three's child starts.
export function setCounter(value: number): void {
  counter = value;
}

// Part two's job: change this process's own copy of `counter`, and say what it is now.
export function addAndSay(amount: number): number {
  const value = addToCounter(amount);
  emit('child', 'changed', `Child, pid ${process.pid}: counter is now ${value}`, { value });
  return value;
}

// Part three's job: only look, in a process the parent started after setting its own 10.
// What this process found here is the parent's value only if it is the parent.
export function peek(): void {
  const text = `Child, pid ${process.pid}: counter starts at ${counter} here`;
  emit('fresh-child', 'peek', text, { value: counter });
}
