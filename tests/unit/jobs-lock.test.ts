// The engine's shared/exclusive lock for codes (lib/jobs/lock.ts).
import { describe, expect, it } from 'vitest';
import { createSharedLock } from '../../lib/jobs/lock';

function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('createSharedLock', () => {
  it('shared holders run together', async () => {
    const lock = createSharedLock();
    const g = gate();
    const log: string[] = [];
    const a = lock.shared(async () => (log.push('a'), await g.opened));
    const b = lock.shared(async () => (log.push('b'), await g.opened));
    await settle();
    expect(log).toEqual(['a', 'b']);
    g.open();
    await Promise.all([a, b]);
  });

  it('an exclusive holder waits for the shared ones, and shared ones that come later wait for it', async () => {
    const lock = createSharedLock();
    const first = gate();
    const excl = gate();
    const log: string[] = [];
    const a = lock.shared(async () => {
      await first.opened;
      log.push('shared 1 done');
    });
    const x = lock.exclusive(async () => {
      log.push('exclusive starts');
      await excl.opened;
      log.push('exclusive done');
    });
    const b = lock.shared(async () => void log.push('shared 2'));
    await settle();
    expect(log).toEqual([]);
    first.open();
    await settle();
    expect(log).toEqual(['shared 1 done', 'exclusive starts']);
    excl.open();
    await Promise.all([a, x, b]);
    expect(log).toEqual(['shared 1 done', 'exclusive starts', 'exclusive done', 'shared 2']);
  });

  it('exclusive holders run one at a time, in order, and a failing one releases the lock', async () => {
    const lock = createSharedLock();
    const log: string[] = [];
    const one = lock.exclusive(async () => {
      log.push('1');
      throw new Error('fails');
    });
    const two = lock.exclusive(async () => void log.push('2'));
    const three = lock.shared(async () => void log.push('3'));
    await expect(one).rejects.toThrow('fails');
    await Promise.all([two, three]);
    expect(log).toEqual(['1', '2', '3']);
  });
});
