// A shared/exclusive lock for the engine's codes: a code's arrival (read the vault's state, seal,
// write the job) holds it shared, so arrivals never wait for one another; a pass over the history
// (seal every code, open them, drop them, the retention sweep) holds it alone, so no arrival is
// half-way between reading the vault's state and writing its job while a pass reads the jobs.

export interface SharedLock {
  shared<T>(run: () => Promise<T>): Promise<T>;
  exclusive<T>(run: () => Promise<T>): Promise<T>;
}

export function createSharedLock(): SharedLock {
  /** Settles once every exclusive holder so far (running or waiting) is done. */
  let gate: Promise<void> = Promise.resolve();
  /** Exclusive holders running or waiting: shared ones that come meanwhile wait for them. */
  let exclusives = 0;
  let active = 0;
  const drained: Array<() => void> = [];

  return {
    async shared(run) {
      while (exclusives > 0) await gate;
      active++; // at once when no exclusive holder runs or waits
      try {
        return await run();
      } finally {
        if (--active === 0) for (const wake of drained.splice(0)) wake();
      }
    },

    async exclusive(run) {
      exclusives++;
      const before = gate;
      let release = () => undefined as void;
      gate = new Promise<void>((resolve) => (release = resolve));
      try {
        await before;
        if (active > 0) await new Promise<void>((resolve) => drained.push(resolve));
        return await run();
      } finally {
        exclusives--;
        release();
      }
    },
  };
}
