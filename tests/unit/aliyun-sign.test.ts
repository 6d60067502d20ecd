import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, encodeForm, percentEncode, signature, stringToSign } from '../../lib/aliyun/sign';

const common = {
  AccessKeyId: 'testid',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
};
const domain = { ...common, Format: 'JSON', Version: '2018-01-29' };

describe('published test vectors (API.md)', () => {
  it('ECS DescribeRegions: canonical query, string to sign and signature', () => {
    const params = { ...common, Action: 'DescribeRegions', Format: 'XML', Version: '2014-05-26' };
    expect(canonicalQuery(params)).toBe(
      'AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26',
    );
    expect(stringToSign('GET', params)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(signature('testsecret', 'GET', params)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it.each([
    ['GET', { Action: 'SaveSingleTaskForQueryingTransferAuthorizationCode', DomainName: 'example.com', Lang: 'en' }, 'HvCrwO+Kb6STA54BhjAZGu+L9Gw='],
    ['POST', { Action: 'SaveSingleTaskForQueryingTransferAuthorizationCode', DomainName: 'example.com', Lang: 'en' }, 'xPdPdZoa7YevVSvWOvd7VWYoD/o='],
    ['GET', { Action: 'QueryTaskDetailList', TaskNo: '3cb1adc3-20e8-44ae-9e76-e812fa6fc9d8', PageNum: '1', PageSize: '10' }, 'jJ/rvrj3Zd6pufcZhy/pdTO9j94='],
  ] as const)('Domain vector %s %o', (method, extra, expected) => {
    expect(signature('testsecret', method, { ...domain, ...extra })).toBe(expected);
  });

  it('ignores a Signature parameter already present', () => {
    const params = { ...domain, Action: 'QueryTaskDetailList', TaskNo: 'x', PageNum: '1', PageSize: '10' };
    expect(canonicalQuery({ ...params, Signature: 'abc' })).toBe(canonicalQuery(params));
  });
});

describe('percentEncode edge cases', () => {
  it.each([
    ['space', 'a b', 'a%20b'],
    ['star', '*', '%2A'],
    ['tilde stays', '~', '~'],
    ['unreserved stay', 'AZaz09-_.~', 'AZaz09-_.~'],
    ["!'()", "!'()", '%21%27%28%29'],
    ['plus', '+', '%2B'],
    ['slash', '/', '%2F'],
    ['equals', '=', '%3D'],
    ['ampersand', '&', '%26'],
    ['empty', '', ''],
    ['percent', '%', '%25'],
    ['colon', '12:46:24', '12%3A46%3A24'],
    ['two-byte UTF-8', 'ü', '%C3%BC'],
    ['three-byte UTF-8', '中文', '%E4%B8%AD%E6%96%87'],
    ['four-byte UTF-8', '😀', '%F0%9F%98%80'],
    ['newline', '\n', '%0A'],
  ])('%s', (_name, input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('an empty value still appears as name=', () => {
    expect(canonicalQuery({ B: '', A: 'x' })).toBe('A=x&B=');
  });

  it('sorts by name in byte order (upper case before lower case)', () => {
    expect(canonicalQuery({ b: '1', B: '2', a: '3', A: '4' })).toBe('A=4&B=2&a=3&b=1');
  });

  it('a form body uses the same encoding, never +', () => {
    expect(encodeForm({ DomainName: 'a b+c', Signature: 'x/y+z=' })).toBe('DomainName=a%20b%2Bc&Signature=x%2Fy%2Bz%3D');
  });
});

// An independent reference on Node's crypto, written from the documentation, not from lib/.
function referenceEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function referenceSignature(secret: string, method: string, params: Record<string, string>): string {
  const names = Object.keys(params).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const canonical = names.map((n) => `${referenceEncode(n)}=${referenceEncode(params[n])}`).join('&');
  const toSign = `${method}&${referenceEncode('/')}&${referenceEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...` -_.~!*'()+/=&%:;,?@#[]$"<>\\^\`{|}`,
  'ü', 'é', '中', '文', 'я', '😀', '\n', '\t',
];
const randomText = (max: number) =>
  Array.from({ length: randomInt(0, max + 1) }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

describe('differential: project signer vs. an independent reference', () => {
  it('agrees on 600 random parameter sets', () => {
    for (let i = 0; i < 600; i++) {
      const params: Record<string, string> = { ...domain, Action: randomText(20) || 'A' };
      for (let k = randomInt(0, 6); k > 0; k--) params[`P${randomText(6).replace(/[^A-Za-z0-9]/g, '')}${k}`] = randomText(30);
      const secret = randomBytes(randomInt(1, 30)).toString('base64');
      const method = i % 2 ? 'GET' : 'POST';
      expect(signature(secret, method, params), JSON.stringify(params)).toBe(referenceSignature(secret, method, params));
    }
  });
});
