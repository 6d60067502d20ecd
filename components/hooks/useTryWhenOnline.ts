import { useEffect } from 'react';

/**
 * Calls `tryNow` when the browser comes back online (the window's `online` event): whatever waits
 * for Alibaba Cloud is tried at once instead of at its backoff.
 */
export function useTryWhenOnline(tryNow: () => Promise<void>): void {
  useEffect(() => {
    const online = () => void tryNow();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [tryNow]);
}
