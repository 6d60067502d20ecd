import { useEffect, useRef, useState } from 'react';
import { revealCodes, type PageVaultState } from '@/lib/protocol/client';
import { mayReveal, mergeRevealed, NO_CODES, refsKey, revealInChunks, sealedToReveal, type RevealedCodes, type SealedRef } from '@/lib/jobs/code-view';
import type { Job } from '@/lib/jobs/types';

/**
 * The sealed codes of the shown jobs, opened by the worker (revealCodes, MAX_REVEAL_IDS ids a
 * call): asked for when a shown finished job has a sealed code not asked for yet, again when the
 * vault is unlocked, never while it is locked (and forgotten when it locks). Plain codes are not
 * asked for: codeView shows them as they are. `onLocked` runs when the worker answers 'locked'
 * (the page's vault state was stale): the page asks for the vault's state again.
 */
export function useRevealedCodes(jobs: Iterable<Job> | undefined, status: PageVaultState | undefined, onLocked?: () => void): RevealedCodes {
  const [revealed, setRevealed] = useState<RevealedCodes>(NO_CODES);
  /** The refs being asked for now (refsKey of one), so that a re-render does not ask twice. */
  const asking = useRef(new Set<string>());
  /** Bumped when the vault locks and on unmount: answers to questions asked before are dropped. */
  const era = useRef(0);
  const lockedRef = useRef(onLocked);
  lockedRef.current = onLocked;

  const wanted = sealedToReveal(jobs ?? [], revealed);
  const key = refsKey(wanted);
  const allowed = mayReveal(status);
  const wantedRef = useRef<SealedRef[]>(wanted);
  wantedRef.current = wanted;

  useEffect(() => {
    if (status !== 'locked') return;
    era.current++;
    asking.current.clear();
    setRevealed((current) => (current.size === 0 ? current : NO_CODES));
  }, [status]);

  useEffect(
    () => () => {
      era.current++;
      asking.current.clear();
    },
    [],
  );

  useEffect(() => {
    if (!allowed) return;
    const ask = wantedRef.current.filter((ref) => !asking.current.has(refsKey([ref])));
    if (ask.length === 0) return;
    for (const ref of ask) asking.current.add(refsKey([ref]));
    const asked = era.current;
    void revealInChunks(
      ask.map((ref) => ref.id),
      revealCodes,
    ).then((outcome) => {
      if (asked !== era.current) return;
      for (const ref of ask) asking.current.delete(refsKey([ref]));
      if (!outcome.ok && outcome.error === 'locked') {
        lockedRef.current?.();
        return;
      }
      setRevealed((current) => mergeRevealed(current, ask, outcome.ok ? outcome.codes : undefined));
    });
  }, [key, allowed]);

  return revealed;
}
