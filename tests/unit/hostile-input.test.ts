// Hostile and malformed input, end to end through the background: every refused text gets a
// reason and causes no API call; texts that hide a real domain are reduced to it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveProfile } from './helpers/profiles';
import { readAllJobs as getJobs } from '../../lib/jobs/reader';
import { stubMissingApis, type MenuStub } from './helpers/browser-stubs';
import { FakeDomain } from './helpers/fake-domain';
import { send, startWorker, stopWorker } from './helpers/worker';

const model = vi.hoisted(() => ({ domain: undefined as unknown as { api(): unknown } }));
vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: () => model.domain.api(),
}));

const MB = 'a'.repeat(1024 * 1024);
const REFUSED: Array<[string, string]> = [
  ['empty', ''],
  ['spaces only', '     '],
  ['tabs and newlines', '\t\n\r\n'],
  ['ideographic space', '\u3000'],
  ['emoji', '😀.com'],
  ['emoji label in a real TLD', 'i❤️.ws'],
  ['Latin+Cyrillic homograph', 'exаmple.com'],
  ['Latin+Greek', 'exαmple.com'],
  ['javascript URL', 'javascript:alert(1)'],
  ['javascript URL with host-like text', 'javascript://example.com/%0Aalert(1)'],
  ['JAVASCRIPT upper case', 'JAVASCRIPT:alert(document.cookie)'],
  ['data URL', 'data:text/html,<script>alert(1)</script>'],
  ['data URL base64', 'data:text/html;base64,PHNjcmlwdD4='],
  ['vbscript', 'vbscript:msgbox(1)'],
  ['file URL', 'file:///etc/passwd'],
  ['chrome URL', 'chrome://settings'],
  ['about:blank', 'about:blank'],
  ['mailto', 'mailto:a@example.com'],
  ['blob', 'blob:https://example.com/uuid'],
  ['view-source', 'view-source:https://example.com'],
  ['IPv4', '127.0.0.1'],
  ['IPv4 URL with port', 'http://192.168.1.1:8080/admin'],
  ['IPv4 hex', '0x7f.0.0.1'],
  ['IPv4 integer', '2130706433'],
  ['IPv4 octal', '0177.0.0.1'],
  ['IPv6 loopback', '::1'],
  ['IPv6 in brackets', '[::1]'],
  ['IPv6 URL', 'http://[2001:db8::1]/'],
  ['IPv4-mapped IPv6', '[::ffff:127.0.0.1]'],
  ['localhost', 'localhost'],
  ['localhost URL', 'http://localhost:3000/'],
  ['single label', 'intranet'],
  ['wildcard', '*.example.com'],
  ['wildcard only', '*'],
  ['wildcard in the middle', 'www.*.example.com'],
  ['label of 64 characters', `${'a'.repeat(64)}.com`],
  ['name of 263 characters', `${'abcdefghi.'.repeat(26)}com`],
  ['empty label', 'a..com'],
  ['leading dot', '.example.com'],
  ['two trailing dots', 'example.com..'],
  ['hyphen first', '-example.com'],
  ['hyphen last', 'example-.com'],
  ['underscore', 'my_site.com'],
  ['space inside', 'exa mple.com'],
  ['NUL', 'example\u0000.com'],
  ['bell', 'example\u0007.com'],
  ['DEL', 'example\u007f.com'],
  ['RTL override', '\u202eexample.com'],
  ['RTL override inside', 'exa\u202emple.com'],
  ['LTR isolate', 'example\u2066.com'],
  ['zero-width joiner inside', 'exa\u200dmple.com'],
  ['soft hyphen inside', 'exa\u00admple.com'],
  ['HTML tag', '<b>example.com</b>'],
  ['HTML img', '<img src=x onerror=alert(1)>'],
  ['script tag', '<script>alert(1)</script>.com'],
  ['quotes', '"example.com"'],
  ['percent-encoding', 'ex%61mple.com'],
  ['backslashes', 'example\\.com'],
  ['bare public suffix', 'com'],
  ['bare two-level suffix', 'com.cn'],
  ['bare IDN suffix', '中国'],
  ['unknown TLD', 'example.notatld'],
  ['numeric TLD', 'example.123'],
  ['broken punycode', 'xn--.com'],
  ['two domains', 'example.com example.org'],
  ['10,000-line paste', Array.from({ length: 10_000 }, (_, i) => `d${i}.com`).join('\n')],
  ['1 MB string', MB],
  ['1 MB of spaces around a domain', ' '.repeat(1024 * 1024) + 'example.com'],
];

const NORMALIZED: Array<[string, string]> = [
  ['a deep host name of 253 characters', `${'abcdefghi.'.repeat(24)}example.com`],
  ['upper case with a trailing dot', 'WWW.EXAMPLE.COM.'],
  ['URL with credentials, port, path, query and fragment', 'https://user:pass@shop.example.com:8443/a/b?c=1#d'],
  ['zero-width space at the ends', '\u200bexample.com\u200b'],
  ['full-width dots', 'example。com'],
  ['punycode', 'xn--fiq228c.xn--fiqs8s'],
];

let fake: FakeDomain;
let menus: MenuStub;

beforeEach(async () => {
  fakeBrowser.reset();
  menus = stubMissingApis();
  fake = new FakeDomain();
  model.domain = fake;
  await saveProfile({ id: 'p', name: 'default', site: 'cn', accessKeyId: 'AK', accessKeySecret: 'hostile-secret' });
  startWorker();
});
afterEach(() => {
  stopWorker();
  vi.restoreAllMocks();
});

describe(`${REFUSED.length} hostile or malformed inputs`, () => {
  it('are enough for the table', () => expect(REFUSED.length + NORMALIZED.length).toBeGreaterThanOrEqual(60));

  it.each(REFUSED)('%s: refused with a reason, quickly, and no API call', async (_name, text) => {
    const started = performance.now();
    const answer = await send<{ ok: boolean; reason?: string }>('requestCode', { text });
    const ms = performance.now() - started;
    expect(answer.ok).toBe(false);
    expect(answer.reason).toMatch(/^[a-z-]+$/);
    expect(ms).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.calls).toEqual([]);
    expect(await getJobs()).toEqual([]);
  });

  it.each(NORMALIZED)('%s: reduced to the registrable domain', async (_name, text) => {
    expect(await send('requestCode', { text })).toMatchObject({ ok: true, joined: false });
    const [job] = await getJobs();
    expect(job.domain).toMatch(/^(example\.com|中文\.中国)$/);
  });
});

describe('from the context menu', () => {
  it('a 1 MB selection is refused with a notification and no API call', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    menus.click({ menuItemId: 'transfer-code-selection', selectionText: MB });
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    const options = create.mock.calls[0][1] as unknown as { message: string };
    expect(options.message).toMatch(/too long/);
    expect(fake.calls).toEqual([]);
  });

  it('a javascript: link is refused, its text shown nowhere', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    menus.click({ menuItemId: 'transfer-code-link', linkUrl: 'javascript:alert(document.domain)' });
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(JSON.stringify(create.mock.calls[0][1])).not.toContain('alert');
    expect(fake.calls).toEqual([]);
  });
});
