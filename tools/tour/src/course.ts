// The course, in the order a reader should take it. Every example is listed here
// once; the tour runs them in this order.
export interface Lesson {
  /** The folder under examples/ and the package name. */
  name: string;
  concept: string;
  python: string;
}

export const course: readonly Lesson[] = [
  {
    name: 'threads',
    concept: 'worker threads: start, join, overlap',
    python: 'threading.Thread, start, join',
  },
];
