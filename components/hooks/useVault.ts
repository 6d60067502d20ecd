import { useCallback, useEffect, useRef, useState } from 'react';
import { readVault, type VaultInfo } from '@/lib/protocol/client';

/**
 * The vault's state as the background reports it: undefined until the first answer. Asked again
 * on refresh() (after every vault action), and whenever the page gets focus or becomes visible,
 * since the vault may have been locked (auto-lock) or unlocked elsewhere meanwhile.
 */
export function useVault(): { vault: VaultInfo | undefined; refresh(): Promise<void> } {
  const [vault, setVault] = useState<VaultInfo | undefined>(undefined);
  const asked = useRef(0);

  const refresh = useCallback(async () => {
    const ask = ++asked.current;
    const info = await readVault();
    // Only the newest question's answer counts: an older one may predate a lock or unlock.
    if (ask === asked.current) setVault(info);
  }, []);

  useEffect(() => {
    void refresh();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      asked.current++;
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  return { vault, refresh };
}
