import { useEffect, useState } from 'react';

/** The part of a @wxt-dev/storage item that a page reads: its value now, and its changes. */
export interface WatchableItem<T> {
  getValue(): Promise<T>;
  watch(callback: (newValue: T, oldValue: T) => void): () => void;
}

/**
 * The live value of a storage item: undefined until the first read, then every change written by
 * the background or another page, so the UI follows storage without being reopened.
 */
export function useStorageValue<T>(item: WatchableItem<T>): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let changed = false;
    let live = true;
    const unwatch = item.watch((next) => {
      changed = true;
      setValue(next);
    });
    // A change seen by watch is newer than what a slower first read returns.
    void item.getValue().then((first) => {
      if (live && !changed) setValue(first);
    });
    return () => {
      live = false;
      unwatch();
    };
  }, [item]);
  return value;
}
