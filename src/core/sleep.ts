/** Resolves after `ms` milliseconds (node:timers/promises' setTimeout without loading that module at startup). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
