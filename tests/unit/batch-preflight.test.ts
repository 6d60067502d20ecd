// The check before a batch starts (lib/batch/preflight): which domains are sent as they are, sent
// with their lock turned off, left out, or sent unchecked, and which facts are read again.
import { describe, expect, it } from 'vitest';
import { domainsToRead, domainsToSend, FACTS_FRESH_MS, failsForAll, planPreflight, readAllFacts, startsAtOnce, type FactsRead } from '../../lib/batch/preflight';

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);
const DAY = 86_400_000;
/** "YYYY-MM-DD HH:MM:SS" in China time, as QueryDomainByDomainName answers. */
const chinaTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

/** A brief answer (QueryDomainByDomainName only) with these fields over a ready domain's. */
function facts(fields: Record<string, unknown> = {}, checkedAt = NOW): FactsRead {
  return {
    ok: true,
    domainAnswer: { TransferProhibitionLock: 'CLOSE', DomainStatus: '3', RegistrationDate: chinaTime(NOW - 400 * DAY), ExpirationDate: chinaTime(NOW + 300 * DAY), ...fields },
    checkedAt,
  };
}

const LOCKED = { TransferProhibitionLock: 'OPEN' };
const NEW = { RegistrationDate: chinaTime(NOW - 20 * DAY) };

describe('planPreflight', () => {
  it.each<[string, FactsRead | undefined, 'ready' | 'toUnlock' | 'leftOut' | 'unchecked', string[]?]>([
    ['ready', facts(), 'ready'],
    ['locked only', facts(LOCKED), 'toUnlock'],
    ['lock state unknown (not a blocker)', facts({ TransferProhibitionLock: undefined }), 'ready'],
    ['registered 20 days ago', facts(NEW), 'leftOut', ['too-new']],
    ['locked and too new: never unlocked', facts({ ...LOCKED, ...NEW }), 'leftOut', ['locked', 'too-new']],
    ['in redemption', facts({ DomainStatus: '2' }), 'leftOut', ['redemption']],
    ['on hold (email not verified)', facts({ EmailVerificationClientHold: 'true' }), 'leftOut', ['hold']],
    ['expiring in 5 days: a warning, kept', facts({ ExpirationDate: chinaTime(NOW + 5 * DAY) }), 'ready'],
    ['renewal required: a warning, kept', facts({ DomainStatus: '1' }), 'ready'],
    ['a transfer-out pending: a warning, kept', facts({ TransferOutStatus: 'PENDING' }), 'ready'],
    ['locked with a warning', facts({ ...LOCKED, DomainStatus: '1' }), 'toUnlock'],
    ['an answer with nothing in it', { ok: true, domainAnswer: {}, checkedAt: NOW }, 'ready'],
    ['API refusal', { ok: false, error: 'api', code: 'Forbidden.RAM', message: 'no' }, 'unchecked'],
    ['the vault locked', { ok: false, error: 'locked' }, 'unchecked'],
    ['no answer from the worker', { ok: false, error: 'no-answer' }, 'unchecked'],
    ['not read at all', undefined, 'unchecked'],
  ])('%s', (_name, read, list, reasons) => {
    const plan = planPreflight(['x.com'], new Map(read ? [['x.com', read]] : []), NOW);
    const where = (['ready', 'toUnlock', 'leftOut', 'unchecked'] as const).filter((key) => plan[key].length > 0);
    expect(where).toEqual([list]);
    if (reasons) expect(plan.leftOut[0]!.checks.map((c) => c.reason)).toEqual(reasons);
    if (list === 'unchecked') expect(plan.unchecked[0]!.why).toEqual(read ?? { ok: false, error: 'not-read' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['every fact known and fine: nothing to weigh', {}, []],
    ['expiring in 10 days', { ExpirationDate: chinaTime(NOW + 10 * DAY) }, ['expiry:expiring']],
    ['renewal required', { DomainStatus: '1' }, ['status:renewal-required']],
    ['a transfer-out pending', { TransferOutStatus: 'PENDING' }, ['transfer-out:pending']],
    ['no registration date given: it could be under 60 days', { RegistrationDate: undefined }, ['age:no-data']],
    ['no status given: it could be a hold', { DomainStatus: undefined }, ['status:no-data']],
    ['no expiration date given: not a blocker either way', { ExpirationDate: undefined }, []],
    ['two at once, in the checks’ order', { RegistrationDate: undefined, ExpirationDate: chinaTime(NOW + 3 * DAY) }, ['age:no-data', 'expiry:expiring']],
  ])('a locked domain, %s', (_name, fields, cautions) => {
    const plan = planPreflight(['x.com', 'y.com'], new Map([['x.com', facts({ ...LOCKED, ...fields })], ['y.com', facts(fields)]]), NOW);
    expect(plan.toUnlock).toEqual(['x.com']);
    const found = plan.toUnlockCautions.flatMap(({ domain, checks }) => checks.map((c) => `${domain} ${c.id}:${c.reason}`));
    // Only the domain whose lock comes off is weighed; y.com goes as it is.
    expect(found).toEqual(cautions.map((c) => `x.com ${c}`));
  });

  it('keeps the order given in every list, unicode names included', () => {
    const domains = ['b.com', '中文域名.中国', 'a.com', 'new.com', 'gone.com', 'c.com'];
    const read = new Map<string, FactsRead>([
      ['b.com', facts(LOCKED)],
      ['中文域名.中国', facts()],
      ['a.com', facts(LOCKED)],
      ['new.com', facts(NEW)],
      ['gone.com', { ok: false, error: 'no-answer' }],
      ['c.com', facts()],
    ]);
    const plan = planPreflight(domains, read, NOW);
    expect(plan.ready).toEqual(['中文域名.中国', 'c.com']);
    expect(plan.toUnlock).toEqual(['b.com', 'a.com']);
    expect(plan.leftOut.map((l) => l.domain)).toEqual(['new.com']);
    expect(plan.unchecked.map((u) => u.domain)).toEqual(['gone.com']);
    expect(startsAtOnce(plan)).toBe(false);
    expect(domainsToSend(domains, plan, true)).toEqual(['b.com', '中文域名.中国', 'a.com', 'gone.com', 'c.com']);
    expect(domainsToSend(domains, plan, false)).toEqual(['中文域名.中国', 'gone.com', 'c.com']);
  });

  it('starts at once only with every domain read, nothing left out and nothing locked', () => {
    const plan = planPreflight(['a.com', 'b.com'], new Map<string, FactsRead>([['a.com', facts()], ['b.com', { ok: false, error: 'locked' }]]), NOW);
    expect(startsAtOnce(plan)).toBe(false); // b.com could not be checked: it is shown first
    expect(startsAtOnce(planPreflight(['a.com'], new Map<string, FactsRead>([['a.com', facts()]]), NOW))).toBe(true);
    expect(startsAtOnce(planPreflight([], new Map(), NOW))).toBe(true);
  });

  it.each<[string, FactsRead, boolean]>([
    ['a missing permission', { ok: false, error: 'api', code: 'Forbidden.RAM', message: 'm' }, true],
    ['throttling', { ok: false, error: 'api', code: 'Throttling.User', message: 'm' }, true],
    ['Alibaba unreachable', { ok: false, error: 'api', code: 'NetworkError', message: 'm' }, true],
    ['the vault locked', { ok: false, error: 'locked' }, true],
    ['no key', { ok: false, error: 'no-credentials' }, true],
    ['no answer from the worker', { ok: false, error: 'no-answer' }, true],
    ['a domain not in the account', { ok: false, error: 'api', code: 'DomainNotExist', message: 'm' }, false],
    ['a bad name', { ok: false, error: 'api', code: 'ParameterIllegal', message: 'm' }, false],
    ['a read that worked', facts(), false],
  ])('%s: fails for every domain -> %s', (_name, read, all) => {
    expect(failsForAll(read)).toBe(all);
  });

  it('judges the age as of `now`: a domain becomes transferable on day 60', () => {
    const read = new Map([['x.com', facts({ RegistrationDate: chinaTime(NOW - 60 * DAY) })]]);
    expect(planPreflight(['x.com'], read, NOW).ready).toEqual(['x.com']);
    expect(planPreflight(['x.com'], read, NOW - 1000).leftOut).toHaveLength(1);
  });
});

describe('domainsToRead', () => {
  it.each<[string, FactsRead | undefined, boolean]>([
    ['no facts', undefined, true],
    ['read a minute ago', facts({}, NOW - 60_000), false],
    ['read just under 10 minutes ago', facts({}, NOW - FACTS_FRESH_MS + 1), false],
    ['read 10 minutes ago', facts({}, NOW - FACTS_FRESH_MS), true],
    ['a failed read', { ok: false, error: 'no-answer' }, true],
    ['dated far in the future (a wrong clock)', facts({}, NOW + 2 * FACTS_FRESH_MS), true],
  ])('%s: read again = %s', (_name, known, again) => {
    expect(domainsToRead(['x.com'], known ? new Map([['x.com', known]]) : undefined, NOW)).toEqual(again ? ['x.com'] : []);
  });
});

describe('readAllFacts', () => {
  const fast = { perSecond: 1000, now: () => NOW };

  it('reads only what is not fresh, and keeps the fresh facts as they are', async () => {
    const asked: string[] = [];
    const known = new Map([['a.com', facts(LOCKED, NOW - 60_000)]]);
    const progress: Array<[number, number]> = [];
    const got = await readAllFacts(['a.com', 'b.com', 'c.com'], known, async (d) => (asked.push(d), facts()), { ...fast, onProgress: (done, total) => progress.push([done, total]) });
    expect(asked).toEqual(['b.com', 'c.com']);
    expect(got.get('a.com')).toBe(known.get('a.com'));
    expect([...got.keys()].sort()).toEqual(['a.com', 'b.com', 'c.com']);
    expect(progress.at(-1)).toEqual([2, 2]);
  });

  it.each<FactsRead>([
    { ok: false, error: 'locked' },
    { ok: false, error: 'no-credentials' },
    { ok: false, error: 'api', code: 'Forbidden.RAM', message: 'the RAM user lacks domain:QueryCommonInfo' },
  ])('stops at the first %j answer and gives the rest the same', async (failure) => {
    const asked: string[] = [];
    const domains = Array.from({ length: 20 }, (_, i) => `d${i}.com`);
    const got = await readAllFacts(domains, undefined, async (d) => (asked.push(d), failure), { perSecond: 1000 });
    expect(asked.length).toBeLessThan(domains.length);
    expect(domains.map((d) => got.get(d))).toEqual(domains.map(() => failure));
  });

  it('a failure about one domain does not stop the others', async () => {
    const domains = ['a.com', 'gone.com', 'b.com'];
    const got = await readAllFacts(
      domains,
      undefined,
      async (d) => (d === 'gone.com' ? { ok: false, error: 'api', code: 'DomainNotExist', message: 'm' } : facts()),
      { perSecond: 1000 },
    );
    expect(domains.map((d) => got.get(d)?.ok)).toEqual([true, false, true]);
  });

  it('an abort stops the reading (what was read is kept)', async () => {
    const controller = new AbortController();
    const asked: string[] = [];
    const got = await readAllFacts(['a.com', 'b.com', 'c.com'], undefined, async (d) => {
      asked.push(d);
      controller.abort();
      return facts();
    }, { perSecond: 1000, signal: controller.signal });
    expect(asked.length).toBeLessThan(3);
    expect(got.size).toBe(asked.length);
  });
});
