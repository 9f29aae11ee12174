// A module-level value, the kind a Python module keeps in a global. Every process that
// imports this file gets its own copy, in its own memory: when a child changes it, the
// parent's copy does not move. Only a message carries the child's value back.
export let counter = 0;

// The job of the counter child: it changes the copy in the process that runs it.
export function addToCounter(amount: number): number {
  counter += amount;
  return counter;
}

export function setCounter(value: number): void {
  counter = value;
}
