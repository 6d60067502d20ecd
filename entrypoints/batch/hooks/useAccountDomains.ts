// The account picker's reads through the worker: the account's domains, page after page, and the
// transfer locks of listed domains (QueryDomainList has none: one brief readiness check per domain,
// paced at the request rate). The facts read are kept, so a pre-flight can use them again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { mergeDomains, parseDomainPage, type AccountDomain } from '@/lib/account/domain-list';
import { classifyCode } from '@/lib/aliyun/errors';
import { runPaced } from '@/lib/batch/paced';
import { parseDomainInfo } from '@/lib/domain/facts';
import { clampRate, DEFAULT_REQUESTS_PER_SECOND } from '@/lib/jobs/rate-limit';
import { MAX_ACCOUNT_PAGES, type ApiCallFailure, type DomainAnswers } from '@/lib/protocol';
import type { ClientFailure } from '@/lib/protocol/client';
import { checkReadiness, listAccountDomains } from '@/lib/protocol/full-page-client';
import { settingsItem } from '@/lib/storage';

export type CallFailure = ApiCallFailure | ClientFailure;

export type AccountList =
  | { step: 'idle' }
  /** `total`: how many the account holds, as the last page read said (when it said). */
  | { step: 'loading'; page: number; domains: AccountDomain[]; total?: number }
  /** `truncated`: MAX_ACCOUNT_PAGES were read and the answer still said a next page follows. */
  | { step: 'loaded'; domains: AccountDomain[]; truncated: boolean; failure?: CallFailure };

/** The account's domains, loaded on demand; a page that fails keeps the pages read before it. */
export function useAccountList(): { list: AccountList; load(): Promise<void> } {
  const [list, setList] = useState<AccountList>({ step: 'idle' });
  // A newer load (or leaving the page) makes an older one's answers moot.
  const run = useRef(0);
  useEffect(
    () => () => {
      run.current++;
    },
    [],
  );

  const load = useCallback(async () => {
    const id = ++run.current;
    let domains: AccountDomain[] = [];
    let total: number | undefined;
    // One page at a time: each follows the previous one's NextPage.
    for (let page = 1; page <= MAX_ACCOUNT_PAGES; page++) {
      setList({ step: 'loading', page, domains, ...(total !== undefined ? { total } : {}) });
      const answer = await listAccountDomains(page);
      if (id !== run.current) return;
      if (!answer.ok) return setList({ step: 'loaded', domains, truncated: false, failure: answer });
      const read = parseDomainPage(answer.answer);
      domains = mergeDomains(domains, read.domains);
      total = read.total ?? total;
      if (!read.nextPage) return setList({ step: 'loaded', domains, truncated: false });
    }
    setList({ step: 'loaded', domains, truncated: true });
  }, []);

  return { list, load };
}

export interface LockReading {
  done: number;
  total: number;
  running: boolean;
  /** Why the reading stopped early (no key, the vault locked, a permission missing, ...). */
  failure?: CallFailure;
}

export interface LockReads {
  /** Domain -> its transfer lock as read (undefined: read, but not reported); absent: not read. */
  locks: ReadonlyMap<string, boolean | undefined>;
  /** The answers read, by domain (successful ones only). */
  facts: ReadonlyMap<string, DomainAnswers>;
  /** Changes whenever `locks` or `facts` do (they are mutated in place: one copy per answer would cost O(n²)). */
  version: number;
  reading: LockReading | null;
  /** Reads the locks of these domains not read yet; does nothing while a reading runs. */
  read(domains: readonly string[]): Promise<void>;
  /** Forget a stopped reading's failure, so the next read() tries again. */
  clearFailure(): void;
  /** Forget everything read (a new list was loaded). */
  reset(): void;
}

/** A failure that concerns one domain only: the reading goes on without its lock. */
function concernsOneDomain(failure: CallFailure): boolean {
  return failure.error === 'api' && classifyCode(failure.code).cause === 'domain';
}

export function useLockReads(): LockReads {
  const locks = useRef(new Map<string, boolean | undefined>());
  const facts = useRef(new Map<string, DomainAnswers>());
  const [version, setVersion] = useState(0);
  const [reading, setReading] = useState<LockReading | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const read = useCallback(async (domains: readonly string[]) => {
    if (controller.current) return;
    const todo = domains.filter((d) => !locks.current.has(d));
    if (todo.length === 0) return;
    const own = new AbortController();
    controller.current = own;
    const mine = { locks: locks.current, facts: facts.current };
    let failure: CallFailure | undefined;
    let done = 0;
    setReading({ done, total: todo.length, running: true });
    const perSecond = clampRate((await settingsItem.getValue()).requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND);
    await runPaced(
      todo,
      async (domain) => {
        const answer = await checkReadiness(domain, true);
        if (own.signal.aborted && !failure) return; // reset or left: these answers belong to nobody
        if (answer.ok) {
          mine.facts.set(domain, answer);
          mine.locks.set(domain, parseDomainInfo(answer.domainAnswer, domain).transferLock);
        } else if (concernsOneDomain(answer)) {
          mine.locks.set(domain, undefined);
        } else if (!failure) {
          // The same cause would refuse every other domain too: stop, and say why.
          failure = answer;
          own.abort();
        }
        setVersion((v) => v + 1);
      },
      {
        perSecond,
        signal: own.signal,
        onProgress: (n) => {
          done = n;
          if (!own.signal.aborted) setReading({ done: n, total: todo.length, running: true });
        },
      },
    );
    if (controller.current !== own) return;
    controller.current = null;
    setReading({ done, total: todo.length, running: false, ...(failure ? { failure } : {}) });
  }, []);

  const clearFailure = useCallback(() => setReading((r) => (r?.failure ? null : r)), []);

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    locks.current = new Map();
    facts.current = new Map();
    setReading(null);
    setVersion((v) => v + 1);
  }, []);

  return { locks: locks.current, facts: facts.current, version, reading, read, clearFailure, reset };
}
