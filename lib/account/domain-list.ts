// The account's domains as the batch page lists them: QueryDomainList's pages read tolerantly (the
// worker passes them on as they came, docs/API-ACCOUNT.md §1) and the picker's filters. Pure and
// page-side: neither the parsing nor the filters are in the service worker's bundle.
import { isDomainName } from '../protocol';
import { isRecord, textOf } from '../values';
import { parseTaskTime } from '../domain/china-time';
import { msOf } from '../domain/facts';
import { nextPageOf, rowsOf } from '../domain/paged';

/** One domain of the account; every field but `domain` may be missing from an answer. */
export interface AccountDomain {
  /** DomainName, trimmed and lower-cased (as the pages send names to the worker) */
  domain: string;
  /** ms since the epoch (the "Expiring within" filter) */
  expiresAt?: number;
}

export interface DomainPage {
  domains: AccountDomain[];
  nextPage: boolean;
  /** TotalItemNum, when the answer gives a usable one (the loading progress: "300 of 2,000") */
  total?: number;
}

/**
 * The *DateLong value if usable (an epoch needs no time zone), else the "Mon DD,YYYY hh:mm:ss"
 * text read as China time (the reference names no zone for it: docs/API-ACCOUNT.md).
 */
function dateOf(long: unknown, text: unknown): number | undefined {
  return msOf(long) ?? parseTaskTime(textOf(text));
}

/**
 * Reads one page of QueryDomainList: Data.Domain as an array or a single object; entries without a
 * DomainName, or with one no message could carry (spaces, slashes), are left out. NextPage as
 * parseTaskList reads it, so paging always ends.
 */
export function parseDomainPage(answer: unknown): DomainPage {
  const domains: AccountDomain[] = [];
  for (const row of rowsOf(answer, 'Domain')) {
    const domain = textOf(row.DomainName)?.trim().toLowerCase();
    if (!domain || !isDomainName(domain)) continue;
    const entry: AccountDomain = { domain };
    // The registration date and status come from each domain's own read (the readiness check).
    const expiresAt = dateOf(row.ExpirationDateLong, row.ExpirationDate);
    if (expiresAt !== undefined) entry.expiresAt = expiresAt;
    domains.push(entry);
  }
  const total = Number(isRecord(answer) ? textOf(answer.TotalItemNum) : undefined);
  return { domains, nextPage: nextPageOf(answer), ...(Number.isInteger(total) && total >= 0 ? { total } : {}) };
}

/** Pages appended in order; a name met again (the list moved between two reads) keeps its first place and its newest data. */
export function mergeDomains(list: readonly AccountDomain[], more: readonly AccountDomain[]): AccountDomain[] {
  const byName = new Map(list.map((d) => [d.domain, d]));
  for (const d of more) byName.set(d.domain, d);
  return [...byName.values()];
}

// ---- Filters -----------------------------------------------------------------------------------

export type LockFilter = 'any' | 'locked' | 'unlocked';

export interface DomainFilter {
  /** Part of the name, any case; empty: every name */
  text?: string;
  /** ".com", "com" or ".com.cn": names ending in it on a label boundary; empty: every suffix */
  suffix?: string;
  /** Expires within this many days from now (an expired domain counts); undefined: no limit */
  expiringWithinDays?: number;
  lock?: LockFilter;
}

/** A domain's transfer lock as read: true on, false off, undefined not read (or not reported). */
export type LockStates = ReadonlyMap<string, boolean | undefined>;

const DAY_MS = 86_400_000;

/** The suffix of a registrable domain: everything after its first label (".com.cn" of "example.com.cn"). */
export function suffixOf(domain: string): string {
  const dot = domain.indexOf('.');
  return dot < 0 ? '' : domain.slice(dot);
}

/** The distinct suffixes of a list, sorted: the picker's "Suffix" choices. */
export function suffixesOf(list: readonly AccountDomain[]): string[] {
  return [...new Set(list.map((d) => suffixOf(d.domain)).filter((s) => s !== ''))].sort();
}

function normalSuffix(suffix: string | undefined): string {
  return (suffix ?? '').trim().toLowerCase().replace(/^\.+/, '');
}

/** Whether one domain passes every part of the filter. */
export function matchesFilter(d: AccountDomain, filter: DomainFilter, locks: LockStates, now: number): boolean {
  const text = (filter.text ?? '').trim().toLowerCase();
  if (text && !d.domain.toLowerCase().includes(text)) return false;
  const suffix = normalSuffix(filter.suffix);
  if (suffix && d.domain !== suffix && !d.domain.endsWith(`.${suffix}`)) return false;
  const days = filter.expiringWithinDays;
  if (days !== undefined && Number.isFinite(days) && (d.expiresAt === undefined || d.expiresAt > now + days * DAY_MS)) return false;
  const lock = filter.lock ?? 'any';
  // A lock not read yet is neither locked nor unlocked: the page reads it first.
  if (lock !== 'any' && locks.get(d.domain) !== (lock === 'locked')) return false;
  return true;
}

/** The domains that pass the filter, in the list's order. */
export function filterDomains(list: readonly AccountDomain[], filter: DomainFilter, locks: LockStates, now: number): AccountDomain[] {
  return list.filter((d) => matchesFilter(d, filter, locks, now));
}
