// The clock and the domain the readiness tests judge (tests/unit/domain-readiness.test.ts and
// tests/unit/i18n-readiness-words.test.ts).
import type { DomainInfo } from '../../../lib/domain/facts';

export const DAY = 86_400_000;
/** 2025-06-15 12:00 China time */
export const NOW = Date.UTC(2025, 5, 15, 4, 0, 0);
/** 2023-06-15 12:00 China time, far more than 60 days ago */
export const OLD = NOW - 731 * DAY;
export const NEXT_YEAR = NOW + 365 * DAY;

/** A domain that passes every check. */
export const ready: DomainInfo = {
  domain: 'example.com',
  registeredAt: OLD,
  expiresAt: NEXT_YEAR,
  transferLock: false,
  status: '3',
  transferOutStatus: 'NORMAL',
  clientHold: false,
};
