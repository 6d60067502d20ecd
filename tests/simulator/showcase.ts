// The three showcase domains of the transfer-readiness demo (issue 8): one with the transfer lock on,
// one registered 10 days ago (transfers are refused within 60 days of registration), one ready.
// Fixed codes, so a demo script or an end-to-end test can check what arrives.

import type { DomainSetup } from './types.ts';

const DAY_MS = 86_400_000;

export const DEMO_DOMAINS = {
  locked: 'locked-example.com',
  fresh: 'fresh-example.com',
  ready: 'ready-example.com',
} as const;

export const DEMO_CODES: Record<(typeof DEMO_DOMAINS)[keyof typeof DEMO_DOMAINS], string> = {
  'locked-example.com': 'Lock3d#Demo-7q',
  'fresh-example.com': 'Fr3sh&Demo-4k',
  'ready-example.com': 'R3ady<Demo>9w',
};

/**
 * `{ domains: demoDomains() }` gives the simulator the three showcase domains; merge with other
 * setups as needed. `now` anchors the dates (default: the real clock).
 */
export function demoDomains(now: number = Date.now()): Record<string, DomainSetup> {
  return {
    [DEMO_DOMAINS.locked]: {
      code: DEMO_CODES['locked-example.com'],
      transferLock: true,
      registeredAt: now - 3 * 365 * DAY_MS,
      expiresAt: now + 200 * DAY_MS,
    },
    [DEMO_DOMAINS.fresh]: {
      code: DEMO_CODES['fresh-example.com'],
      registeredAt: now - 10 * DAY_MS,
      expiresAt: now + 355 * DAY_MS,
    },
    [DEMO_DOMAINS.ready]: {
      code: DEMO_CODES['ready-example.com'],
      registeredAt: now - 2 * 365 * DAY_MS,
      expiresAt: now + 300 * DAY_MS,
    },
  };
}

/**
 * `count` plain account domains for a QueryDomainList demo or test: `account-01-example.com`, ...,
 * registered from 100 days ago backwards and expiring over the coming year, every fifth one with its
 * transfer lock on. `now` anchors the dates (default: the real clock).
 */
export function accountDomains(count: number, now: number = Date.now()): Record<string, DomainSetup> {
  const width = String(count).length < 2 ? 2 : String(count).length;
  const out: Record<string, DomainSetup> = {};
  for (let i = 1; i <= count; i++) {
    out[`account-${String(i).padStart(width, '0')}-example.com`] = {
      registeredAt: now - (100 + 37 * i) * DAY_MS,
      expiresAt: now + ((11 * i) % 365) * DAY_MS + DAY_MS,
      ...(i % 5 === 0 ? { transferLock: true } : {}),
    };
  }
  return out;
}
