import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MAX_INPUT_LENGTH,
  normalizeDomain,
  type NameRefusal,
  type NameResult,
} from '../../lib/domain/name';

const ok = (domain: string): NameResult => ({ ok: true, domain });
const no = (reason: NameRefusal): NameResult => ({ ok: false, reason });

const label63 = 'a'.repeat(63);
const label64 = 'a'.repeat(64);
// 3 x 63 + 57 + 3 + 4 letters and 4 dots = 253 octets; one more b makes 254.
const name253 = `${label63}.${label63}.${label63}.${'b'.repeat(57)}.com`;
const name254 = `${label63}.${label63}.${label63}.${'b'.repeat(58)}.com`;

const cases: Array<[string, string, NameResult]> = [
  // Plain names and host names
  ['plain', 'example.com', ok('example.com')],
  ['upper-case', 'EXAMPLE.COM', ok('example.com')],
  ['mixed case', 'ExAmPlE.CoM', ok('example.com')],
  ['spaces around', '  example.com  ', ok('example.com')],
  ['tabs and newlines around', '\t\nexample.com\r\n', ok('example.com')],
  ['NBSP and ideographic space around', '\u00a0\u3000example.com\u3000', ok('example.com')],
  ['zero-width chars around', '\u200b\ufeffexample.com\u200d\u2060', ok('example.com')],
  ['trailing dot', 'example.com.', ok('example.com')],
  ['www', 'www.example.com', ok('example.com')],
  ['deep subdomain', 'a.b.c.d.example.com', ok('example.com')],
  ['com.cn', 'example.com.cn', ok('example.com.cn')],
  ['www under com.cn', 'www.example.com.cn', ok('example.com.cn')],
  ['co.uk', 'foo.co.uk', ok('foo.co.uk')],
  ['www under co.uk', 'www.foo.co.uk', ok('foo.co.uk')],
  ['.cn', 'example.cn', ok('example.cn')],
  ['digits and hyphen', 'my-site-123.net', ok('my-site-123.net')],
  ['digit-only label', '123.com', ok('123.com')],
  ['new gTLD', 'shop.example.xyz', ok('example.xyz')],
  ['private suffix ignored', 'user.github.io', ok('github.io')],
  ['private suffix itself', 'github.io', ok('github.io')],
  ['private suffix blogspot', 'foo.blogspot.com', ok('blogspot.com')],
  ['63-char label', `${label63}.com`, ok(`${label63}.com`)],
  ['253-char name', name253, ok(`${'b'.repeat(57)}.com`)],
  // URLs
  ['http URL', 'http://example.com', ok('example.com')],
  ['https URL with path', 'https://www.example.com/path/to/page.html', ok('example.com')],
  ['upper-case scheme', 'HTTPS://WWW.EXAMPLE.COM/', ok('example.com')],
  ['credentials', 'https://user:pass@example.com/', ok('example.com')],
  ['credentials with @ in them', 'https://user@evil.com@example.com/', ok('example.com')],
  ['port', 'http://example.com:8080', ok('example.com')],
  ['all URL parts', 'https://u:p@www.example.com.cn:443/a/b?q=1&r=2#frag', ok('example.com.cn')],
  ['query only', 'https://example.com?x=1', ok('example.com')],
  ['fragment only', 'https://example.com#top', ok('example.com')],
  ['backslash path', 'https://example.com\\path', ok('example.com')],
  ['protocol-relative', '//example.com', ok('example.com')],
  ['protocol-relative with path', '//www.example.com/x', ok('example.com')],
  ['host and port, no scheme', 'example.com:8080/path', ok('example.com')],
  ['host and path, no scheme', 'www.example.com/index.html', ok('example.com')],
  ['credentials, no scheme', 'user:pass@example.com', ok('example.com')],
  ['ftp', 'ftp://ftp.example.org/pub', ok('example.org')],
  ['wss', 'wss://socket.example.net:9000/', ok('example.net')],
  ['http: without slashes', 'http:example.com', ok('example.com')],
  ['URL with trailing dot host', 'https://example.com./', ok('example.com')],
  ['HTML in the path only', 'https://example.com/<b>x</b>', ok('example.com')],
  // IDN
  ['Chinese IDN', '中文.中国', ok('中文.中国')],
  ['Chinese IDN subdomain', 'www.中文.中国', ok('中文.中国')],
  ['Chinese label, .com', '中文.com', ok('中文.com')],
  ['Chinese mixed with Latin', '中文abc.cn', ok('中文abc.cn')],
  ['German IDN', 'münchen.de', ok('münchen.de')],
  ['German IDN upper-case', 'MÜNCHEN.DE', ok('münchen.de')],
  ['German IDN decomposed (NFC)', 'mu\u0308nchen.de', ok('münchen.de')],
  ['sharp s kept', 'straße.de', ok('straße.de')],
  ['punycode', 'xn--fiq228c.xn--fiqs8s', ok('中文.中国')],
  ['punycode upper-case', 'XN--FIQ228C.XN--FIQS8S', ok('中文.中国')],
  ['punycode subdomain in URL', 'https://www.xn--fiq228c.xn--fiqs8s/', ok('中文.中国')],
  ['punycode German', 'xn--mnchen-3ya.de', ok('münchen.de')],
  ['Unicode label, punycode TLD', '中文.xn--fiqs8s', ok('中文.中国')],
  ['full-width dots', '中文。中国', ok('中文.中国')],
  ['full-width dot (FF0E)', 'example．com', ok('example.com')],
  ['half-width ideographic dot', 'example｡com', ok('example.com')],
  ['full-width letters', 'ＥＸＡＭＰＬＥ．ＣＯＭ', ok('example.com')],
  ['full-width trailing dot', 'example.com。', ok('example.com')],
  ['Cyrillic IDN', 'пример.рф', ok('пример.рф')],
  ['Greek IDN', 'παράδειγμα.gr', ok('παράδειγμα.gr')],
  // Not web addresses
  ['javascript:', 'javascript:alert(1)', no('not-a-web-address')],
  ['JavaScript: upper-case', 'JavaScript:alert(document.domain)', no('not-a-web-address')],
  ['data:', 'data:text/html,<script>alert(1)</script>', no('not-a-web-address')],
  ['mailto:', 'mailto:a@example.com', no('not-a-web-address')],
  ['file:', 'file:///etc/passwd', no('not-a-web-address')],
  ['chrome:', 'chrome://settings', no('not-a-web-address')],
  ['chrome-extension:', 'chrome-extension://abcdef/popup.html', no('not-a-web-address')],
  ['about:', 'about:blank', no('not-a-web-address')],
  ['blob:', 'blob:https://example.com/uuid', no('not-a-web-address')],
  ['view-source:', 'view-source:https://example.com', no('not-a-web-address')],
  ['tel:', 'tel:+8612345678', no('not-a-web-address')],
  ['unknown scheme with //', 'ssh://example.com', no('not-a-web-address')],
  // IP addresses
  ['IPv4', '127.0.0.1', no('ip-address')],
  ['IPv4 URL with port', 'http://127.0.0.1:8080/', no('ip-address')],
  ['IPv4 public', '8.8.8.8', no('ip-address')],
  ['IPv4 with trailing dot', '1.2.3.4.', no('ip-address')],
  ['IPv4 hex short form', '0x7f.1', no('ip-address')],
  ['IPv4 octal', '0300.0.0.1', no('ip-address')],
  ['IPv4 integer', '2130706433', no('ip-address')],
  ['IPv4 full-width digits', '１２７.０.０.１', no('ip-address')],
  ['IPv4 out of range', '999.1.1.1', no('ip-address')],
  ['IPv4 too many parts', '1.2.3.4.5', no('ip-address')],
  ['IPv6 bracketed', '[::1]', no('ip-address')],
  ['IPv6 URL', 'http://[::1]:8080/', no('ip-address')],
  ['IPv6 bare', '2001:db8::1', no('ip-address')],
  ['IPv6 bare loopback', '::1', no('ip-address')],
  ['IPv6 link-local bare', 'fe80::1', no('ip-address')],
  ['IPv4-mapped IPv6', '[::ffff:127.0.0.1]', no('ip-address')],
  ['brackets around a name', '[example.com]', no('illegal-characters')],
  // Single labels, suffixes
  ['localhost', 'localhost', no('single-label')],
  ['localhost URL', 'http://localhost:3000/', no('single-label')],
  ['single label', 'example', no('single-label')],
  ['single label with trailing dot', 'example.', no('single-label')],
  ['bare com', 'com', no('public-suffix')],
  ['bare com with dot', '.com', no('empty-label')],
  ['bare com.cn', 'com.cn', no('public-suffix')],
  ['bare co.uk', 'co.uk', no('public-suffix')],
  ['bare 中国', '中国', no('public-suffix')],
  ['wildcard-rule suffix', 'example.ck', no('public-suffix')],
  ['unknown TLD', 'example.invalidtld', no('unknown-suffix')],
  ['unknown TLD, subdomain', 'www.example.invalidtld', no('unknown-suffix')],
  ['.local', 'printer.local', no('unknown-suffix')],
  ['numeric TLD', 'example.123', no('unknown-suffix')],
  // Lengths
  ['64-char label', `${label64}.com`, no('label-too-long')],
  ['63-char punycode label', `xn--${'a'.repeat(55)}-8yf.com`, ok(`${'a'.repeat(55)}ü.com`)],
  ['64-char punycode label', `xn--${'a'.repeat(56)}-t2f.com`, no('label-too-long')],
  ['64-char label once in punycode', `${'a'.repeat(56)}ü.com`, no('label-too-long')],
  ['57 Chinese characters (63 in punycode)', `${'中'.repeat(57)}.com`, ok(`${'中'.repeat(57)}.com`)],
  ['254-char name', name254, no('name-too-long')],
  ['58 Chinese characters (64 in punycode)', `${'中'.repeat(58)}.com`, no('label-too-long')],
  // Illegal characters
  ['underscore', 'foo_bar.com', no('illegal-characters')],
  ['underscore subdomain', '_dmarc.example.com', no('illegal-characters')],
  ['leading hyphen', '-example.com', no('illegal-characters')],
  ['trailing hyphen', 'example-.com', no('illegal-characters')],
  ['reserved double hyphen', 'ab--cd.com', no('illegal-characters')],
  ['broken punycode', 'xn--a.com', no('illegal-characters')],
  ['punycode of non-NFC', 'xn--e-xbb.com', no('illegal-characters')],
  ['space inside', 'exa mple.com', no('illegal-characters')],
  ['two names on one line', 'example.com example.org', no('illegal-characters')],
  ['two lines', 'example.com\nexample.org', no('illegal-characters')],
  ['newline inside', 'exa\nmple.com', no('illegal-characters')],
  ['tab inside', 'exa\tmple.com', no('illegal-characters')],
  ['NUL', 'exa\u0000mple.com', no('illegal-characters')],
  ['BEL', 'exa\u0007mple.com', no('illegal-characters')],
  ['DEL', 'exa\u007fmple.com', no('illegal-characters')],
  ['zero-width space inside', 'exa\u200bmple.com', no('illegal-characters')],
  ['soft hyphen inside', 'exa\u00admple.com', no('illegal-characters')],
  ['RTL override inside', 'exa\u202emple.com', no('illegal-characters')],
  ['RTL override at start', '\u202eexample.com', no('illegal-characters')],
  ['LTR embedding', '\u202aexample.com', no('illegal-characters')],
  ['RTL isolate', 'example\u2067.com', no('illegal-characters')],
  ['lone surrogate', '\ud800.com', no('illegal-characters')],
  ['private-use character', '\ue000.com', no('illegal-characters')],
  ['HTML', '<b>example.com</b>', no('illegal-characters')],
  ['HTML link', '<a href="https://example.com">x</a>', no('illegal-characters')],
  ['quote', '"example.com"', no('illegal-characters')],
  ['exclamation mark', 'a!b.com', no('illegal-characters')],
  ['plus', 'a+b.com', no('illegal-characters')],
  ['percent-encoded', 'exa%41mple.com', no('illegal-characters')],
  ['bad port', 'https://example.com:abc/', no('illegal-characters')],
  ['emoji', '😀.ws', no('illegal-characters')],
  ['emoji punycode', 'xn--ls8h.la', no('illegal-characters')],
  ['emoji in subdomain', '😀.example.com', no('illegal-characters')],
  ['symbol', '☃.com', no('illegal-characters')],
  ['mixed Latin + Cyrillic', 'ex\u0430mple.com', no('illegal-characters')],
  ['mixed Latin + Cyrillic, punycode', 'xn--exmple-4nf.com', no('illegal-characters')],
  ['mixed Latin + Greek', 'ex\u03b1mple.com', no('illegal-characters')],
  ['mixed Cyrillic + Greek', '\u043f\u03c1.com', no('illegal-characters')],
  // Wildcards and empty labels
  ['wildcard', '*.example.com', no('wildcard')],
  ['wildcard URL', 'https://*.example.com/', no('wildcard')],
  ['full-width asterisk', '＊.example.com', no('wildcard')],
  ['asterisk in label', 'ex*ample.com', no('wildcard')],
  ['double dot', 'a..com', no('empty-label')],
  ['leading dot', '.example.com', no('empty-label')],
  ['two trailing dots', 'example.com..', no('empty-label')],
  ['only a dot', '.', no('empty-label')],
  // Empty
  ['empty', '', no('empty')],
  ['whitespace only', ' \t\n\u3000 ', no('empty')],
  ['zero-width only', '\u200b\ufeff', no('empty')],
  ['scheme only', 'https://', no('empty')],
  ['extra slashes (URL reads path as host)', 'https:///path', no('single-label')],
  ['extra slashes before a name', 'https:////example.com/', ok('example.com')],
  ['credentials only', 'user@', no('empty')],
];

describe('normalizeDomain', () => {
  it.each(cases)('%s: %j', (_name, input, expected) => {
    expect(normalizeDomain(input)).toEqual(expected);
  });

  it('has the row lengths the table claims', () => {
    expect(name253.length).toBe(253);
    expect(name254.length).toBe(254);
    expect(`xn--${'a'.repeat(55)}-8yf`.length).toBe(63);
    expect(`xn--${'a'.repeat(56)}-t2f`.length).toBe(64);
    expect(new URL(`http://${'a'.repeat(56)}ü`).hostname).toBe(`xn--${'a'.repeat(56)}-t2f`);
    expect(new URL(`http://${'中'.repeat(58)}`).hostname).toHaveLength(64);
  });

  it('refuses a 1 MB string at once', () => {
    const huge = `https://${'a'.repeat(1024 * 1024)}.com/`;
    const start = performance.now();
    const result = normalizeDomain(huge);
    const elapsed = performance.now() - start;
    expect(result).toEqual(no('too-long-input'));
    expect(elapsed).toBeLessThan(10);
  });

  it('refuses a 10,000-line paste at once', () => {
    const paste = 'www.example.com\n'.repeat(10_000);
    const start = performance.now();
    const result = normalizeDomain(paste);
    expect(performance.now() - start).toBeLessThan(10);
    expect(result).toEqual(no('too-long-input'));
  });

  it('accepts input of exactly MAX_INPUT_LENGTH characters and refuses one more', () => {
    const head = 'https://example.com/';
    const exact = head + 'x'.repeat(MAX_INPUT_LENGTH - head.length);
    expect(exact.length).toBe(MAX_INPUT_LENGTH);
    expect(normalizeDomain(exact)).toEqual(ok('example.com'));
    expect(normalizeDomain(`${exact}x`)).toEqual(no('too-long-input'));
  });

  it('decodes punycode the same way as Node (the reference implementation)', () => {
    const names = [
      '中文.中国', '例子.中国', 'münchen.de', 'пример.рф', 'παράδειγμα.gr', 'straße.de', 'ς.com',
      'bücher-café.de', '日本語ドメイン.jp', '한국.kr', 'موقع.com', '中國.com', '中文abc-123.cn', 'i\u0307.com',
    ];
    for (const name of names) {
      const ascii = new URL(`http://${name}`).hostname;
      expect(ascii).toMatch(/^xn--/);
      expect(normalizeDomain(ascii)).toEqual(ok(domainToUnicode(ascii)));
    }
    expect(normalizeDomain('xn--wgv71a119e.jp')).toEqual(ok(domainToUnicode('xn--wgv71a119e.jp')));
  });
});
