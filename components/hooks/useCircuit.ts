import { useEffect, useState } from 'react';
import { readCircuit, watchCircuit } from '@/lib/jobs/reader';
import type { Circuit } from '@/lib/protocol';

/**
 * The engine's circuit (local:circuit), live: undefined until the first read, then null while
 * Alibaba Cloud answers, or the circuit while it does not. Changes come from the change itself.
 */
export function useCircuit(): Circuit | null | undefined {
  const [circuit, setCircuit] = useState<Circuit | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let changed = false;
    const unwatch = watchCircuit((next) => {
      changed = true;
      setCircuit(next);
    });
    // A change seen by the watch is newer than what a slower first read returns.
    void readCircuit().then(
      (first) => live && !changed && setCircuit(first),
      () => live && !changed && setCircuit(null),
    );
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return circuit;
}
