// The time a change happens at: the system's, or a fixed one in tests and the demo.
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
