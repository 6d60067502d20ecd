// Reading QueryDomainList's pages and the account picker's filters (lib/account/domain-list.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  filterDomains,
  mergeDomains,
  parseDomainPage,
  suffixesOf,
  suffixOf,
  type AccountDomain,
  type DomainFilter,
  type LockFilter,
} from '../../lib/account/domain-list';

const DAY = 86_400_000;

describe('parseDomainPage', () => {
  it('reads the documented answer: names, dates from the *Long fields, the status, paging and the total', () => {
    const answer = {
      RequestId: 'R',
      TotalItemNum: 2,
      CurrentPageNum: 1,
      TotalPageNum: 1,
      NextPage: false,
      Data: {
        Domain: [
          { DomainName: 'Example.COM', ExpirationDateLong: 1_700_000_000_000, RegistrationDateLong: 1_500_000_000_000, DomainStatus: '3', ExpirationDate: 'Nov 02,2019 04:00:45' },
          { DomainName: '中文.中国', DomainStatus: 1 },
        ],
      },
    };
    expect(parseDomainPage(answer)).toEqual({
      domains: [
        // The registration date and status are each domain's own read's, not the list's.
        { domain: 'example.com', expiresAt: 1_700_000_000_000 },
        { domain: '中文.中国' },
      ],
      nextPage: false,
      total: 2,
    });
  });

  it.each([
    ['the date as "Mon DD,YYYY hh:mm:ss" in China time', { ExpirationDate: 'Nov 02,2019 04:00:45', RegistrationDate: 'Nov 02,2017 04:00:45' }, { expiresAt: Date.UTC(2019, 10, 1, 20, 0, 45) }],
    ['a *Long as a numeric string', { ExpirationDateLong: '1522080000000' }, { expiresAt: 1_522_080_000_000 }],
    ['a zero *Long falls back to the text', { ExpirationDateLong: 0, ExpirationDate: 'Jan 01,2030 08:00:00' }, { expiresAt: Date.UTC(2030, 0, 1) }],
    ['an unreadable date is left out', { ExpirationDate: 'soon', RegistrationDateLong: 'x' }, {}],
    ['an impossible date is left out', { ExpirationDate: 'Feb 30,2030 00:00:00' }, {}],
  ])('%s', (_name, fields, expected) => {
    expect(parseDomainPage({ Data: { Domain: [{ DomainName: 'a.com', ...fields }] } }).domains).toEqual([{ domain: 'a.com', ...expected }]);
  });

  it.each([
    ['Data.Domain as one object', { Data: { Domain: { DomainName: 'a.com' } } }, ['a.com']],
    ['no Data', {}, []],
    ['Data.Domain empty', { Data: { Domain: [] } }, []],
    ['not an object', 'oops', []],
    ['null', null, []],
    ['entries without a name, or not records', { Data: { Domain: [{}, { DomainName: '' }, 'b.com', null, 7, { DomainName: 'c.com' }] } }, ['c.com']],
    ['a name no message could carry', { Data: { Domain: [{ DomainName: 'a b.com' }, { DomainName: 'x/y.com' }, { DomainName: ' ok.com ' }] } }, ['ok.com']],
    ['markup stays text', { Data: { Domain: [{ DomainName: '<img>.com' }] } }, ['<img>.com']],
  ])('tolerates %s', (_name, answer, names) => {
    expect(parseDomainPage(answer).domains.map((d) => d.domain)).toEqual(names);
  });

  it.each([
    [{ NextPage: true }, true],
    [{ NextPage: 'true' }, true],
    [{ NextPage: 'false', CurrentPageNum: 1, TotalPageNum: 5 }, false],
    [{ NextPage: false, CurrentPageNum: 1, TotalPageNum: 5 }, false],
    [{ CurrentPageNum: 1, TotalPageNum: 5 }, true],
    [{ CurrentPageNum: '5', TotalPageNum: '5' }, false],
    [{ NextPage: 'yes' }, false],
    [{}, false],
  ])('next page of %j: %s', (answer, next) => {
    expect(parseDomainPage(answer).nextPage).toBe(next);
  });

  it.each([
    [{ TotalItemNum: '12' }, 12],
    [{ TotalItemNum: 0 }, 0],
    [{ TotalItemNum: -1 }, undefined],
    [{ TotalItemNum: 'many' }, undefined],
    [{ TotalItemNum: 1.5 }, undefined],
    [{}, undefined],
  ])('total of %j: %s', (answer, total) => {
    expect(parseDomainPage(answer).total).toBe(total);
  });
});

describe('mergeDomains', () => {
  it('appends a page, a name met again keeping its place and taking the newer data', () => {
    expect(mergeDomains([{ domain: 'a.com' }, { domain: 'b.com' }], [{ domain: 'a.com', expiresAt: 3 }, { domain: 'c.com' }])).toEqual([
      { domain: 'a.com', expiresAt: 3 },
      { domain: 'b.com' },
      { domain: 'c.com' },
    ]);
  });
});

describe('suffixes', () => {
  it.each([
    ['example.com', '.com'],
    ['example.com.cn', '.com.cn'],
    ['中文.中国', '.中国'],
    ['localhost', ''],
  ])('%s -> %s', (domain, suffix) => expect(suffixOf(domain)).toBe(suffix));

  it('lists the distinct ones, sorted', () => {
    expect(suffixesOf([{ domain: 'b.net' }, { domain: 'a.com' }, { domain: 'c.com' }, { domain: 'd.com.cn' }])).toEqual(['.com', '.com.cn', '.net']);
  });
});

describe('filterDomains', () => {
  const NOW = Date.UTC(2030, 0, 1);
  const list: AccountDomain[] = [
    { domain: 'alpha.com', expiresAt: NOW + 10 * DAY },
    { domain: 'beta.com.cn', expiresAt: NOW + 40 * DAY },
    { domain: 'gamma.net', expiresAt: NOW - DAY },
    { domain: 'xcom.org' },
    { domain: 'example.com' },
  ];
  const locks = new Map<string, boolean | undefined>([
    ['alpha.com', true],
    ['beta.com.cn', false],
    ['gamma.net', undefined],
  ]);
  const names = (filter: DomainFilter) => filterDomains(list, filter, locks, NOW).map((d) => d.domain);

  it.each<[string, DomainFilter, string[]]>([
    ['no filter', {}, ['alpha.com', 'beta.com.cn', 'gamma.net', 'xcom.org', 'example.com']],
    ['suffix .com, on the label boundary', { suffix: '.com' }, ['alpha.com', 'example.com']],
    ['suffix com without the dot', { suffix: 'com' }, ['alpha.com', 'example.com']],
    ['suffix .com.cn', { suffix: '.com.cn' }, ['beta.com.cn']],
    ['suffix in capitals, with spaces', { suffix: ' .COM ' }, ['alpha.com', 'example.com']],
    ['a blank suffix', { suffix: '  ' }, ['alpha.com', 'beta.com.cn', 'gamma.net', 'xcom.org', 'example.com']],
    ['text, any case', { text: 'COM' }, ['alpha.com', 'beta.com.cn', 'xcom.org', 'example.com']],
    ['text in the middle', { text: 'amm' }, ['gamma.net']],
    ['expiring within 30 days (expired included, unknown expiry left out)', { expiringWithinDays: 30 }, ['alpha.com', 'gamma.net']],
    ['expiring within 0 days: the expired ones', { expiringWithinDays: 0 }, ['gamma.net']],
    ['expiring within 40 days: the boundary counts', { expiringWithinDays: 40 }, ['alpha.com', 'beta.com.cn', 'gamma.net']],
    ['locked', { lock: 'locked' }, ['alpha.com']],
    ['not locked (unread and unknown locks left out)', { lock: 'unlocked' }, ['beta.com.cn']],
    ['any lock', { lock: 'any' }, ['alpha.com', 'beta.com.cn', 'gamma.net', 'xcom.org', 'example.com']],
    ['all together', { suffix: '.com', text: 'al', expiringWithinDays: 30, lock: 'locked' }, ['alpha.com']],
    ['nothing matches', { suffix: '.io' }, []],
  ])('%s', (_name, filter, expected) => expect(names(filter)).toEqual(expected));
});

describe('filterDomains (properties)', () => {
  const NOW = Date.UTC(2030, 0, 1);
  const label = fc.stringMatching(/^[a-z0-9]{1,6}$/);
  const suffix = fc.constantFrom('.com', '.net', '.com.cn', '.cn', '.中国');
  const domainArb = fc.record(
    { domain: fc.tuple(label, suffix).map(([l, s]) => l + s), expiresAt: fc.integer({ min: -100, max: 100 }).map((d) => NOW + d * DAY) },
    { requiredKeys: ['domain'] },
  );
  const listArb = fc.uniqueArray(domainArb, { selector: (d) => d.domain, maxLength: 30 });
  const lockFilter = fc.constantFrom<LockFilter>('any', 'locked', 'unlocked');
  const filterArb = fc.record(
    { text: fc.stringMatching(/^[a-z0-9.]{0,3}$/), suffix: fc.oneof(suffix, fc.constant('')), expiringWithinDays: fc.integer({ min: 0, max: 120 }), lock: lockFilter },
    { requiredKeys: [] },
  );
  const world = fc.tuple(listArb, filterArb, filterArb).chain(([list, a, b]) =>
    fc.tuple(fc.constant(list), fc.constant(a), fc.constant(b), fc.array(fc.constantFrom(true, false, undefined), { minLength: list.length, maxLength: list.length })),
  );
  const locksOf = (list: AccountDomain[], states: Array<boolean | undefined>) => new Map(list.map((d, i) => [d.domain, states[i]]));

  it('is a subset of the list, in its order, and filtering again changes nothing', () => {
    fc.assert(
      fc.property(world, ([list, a, , states]) => {
        const locks = locksOf(list, states);
        const out = filterDomains(list, a, locks, NOW);
        const positions = out.map((d) => list.indexOf(d));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect([...positions].sort((x, y) => x - y)).toEqual(positions);
        expect(filterDomains(out, a, locks, NOW)).toEqual(out);
      }),
    );
  });

  it('two filters commute', () => {
    fc.assert(
      fc.property(world, ([list, a, b, states]) => {
        const locks = locksOf(list, states);
        expect(filterDomains(filterDomains(list, a, locks, NOW), b, locks, NOW)).toEqual(filterDomains(filterDomains(list, b, locks, NOW), a, locks, NOW));
      }),
    );
  });

  it('the filter of every part at once is the parts applied one after another', () => {
    fc.assert(
      fc.property(world, ([list, a, , states]) => {
        const locks = locksOf(list, states);
        const stepwise = [{ text: a.text }, { suffix: a.suffix }, { expiringWithinDays: a.expiringWithinDays }, { lock: a.lock }].reduce<AccountDomain[]>(
          (acc, part) => filterDomains(acc, part, locks, NOW),
          list,
        );
        expect(filterDomains(list, a, locks, NOW)).toEqual(stepwise);
      }),
    );
  });

  it('locked and not locked are disjoint; with the unknown ones they make up the list', () => {
    fc.assert(
      fc.property(world, ([list, , , states]) => {
        const locks = locksOf(list, states);
        const on = filterDomains(list, { lock: 'locked' }, locks, NOW);
        const off = filterDomains(list, { lock: 'unlocked' }, locks, NOW);
        const unknown = list.filter((d) => locks.get(d.domain) === undefined);
        expect(on.filter((d) => off.includes(d))).toEqual([]);
        expect(on.length + off.length + unknown.length).toBe(list.length);
      }),
    );
  });
});
