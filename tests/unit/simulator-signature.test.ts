// The simulator's independent signature verifier must reproduce API.md's published vectors.
import { describe, expect, it } from 'vitest';
import {
  canonicalQueryString,
  computeSignature,
  percentEncode,
  stringToSign,
  verifySignature,
} from '../simulator/signature.ts';

const common = {
  AccessKeyId: 'testid',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
};
const SECRET = 'testsecret';

describe('simulator signature verifier', () => {
  it('reproduces the published ECS DescribeRegions vector step by step', () => {
    const params = { ...common, Action: 'DescribeRegions', Format: 'XML', Version: '2014-05-26' };
    expect(canonicalQueryString(params)).toBe(
      'AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26',
    );
    const toSign = stringToSign('GET', params);
    expect(toSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(computeSignature(toSign, SECRET)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(verifySignature('GET', { ...params, Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=' }, SECRET).ok).toBe(true);
  });

  it('rejects the misspelled TimeStamp variant some pages print', () => {
    const { Timestamp, ...rest } = { ...common, Action: 'DescribeRegions', Format: 'XML', Version: '2014-05-26' };
    const params = { ...rest, TimeStamp: Timestamp, Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=' };
    expect(verifySignature('GET', params, SECRET).ok).toBe(false);
  });

  const domainCommon = { ...common, Format: 'JSON', Version: '2018-01-29' };
  const save = { ...domainCommon, Action: 'SaveSingleTaskForQueryingTransferAuthorizationCode', DomainName: 'example.com', Lang: 'en' };
  const query = {
    ...domainCommon,
    Action: 'QueryTaskDetailList',
    TaskNo: '3cb1adc3-20e8-44ae-9e76-e812fa6fc9d8',
    PageNum: '1',
    PageSize: '10',
  };

  it.each([
    ['Save GET', 'GET', save, 'HvCrwO+Kb6STA54BhjAZGu+L9Gw='],
    ['Save POST', 'POST', save, 'xPdPdZoa7YevVSvWOvd7VWYoD/o='],
    ['QueryTaskDetailList GET', 'GET', query, 'jJ/rvrj3Zd6pufcZhy/pdTO9j94='],
  ])('reproduces the Domain vector: %s', (_name, method, params, signature) => {
    expect(computeSignature(stringToSign(method, params), SECRET)).toBe(signature);
    expect(verifySignature(method, { ...params, Signature: signature }, SECRET).ok).toBe(true);
    // the same signature is wrong for another method, secret or parameter value
    expect(verifySignature(method === 'GET' ? 'POST' : 'GET', { ...params, Signature: signature }, SECRET).ok).toBe(false);
    expect(verifySignature(method, { ...params, Signature: signature }, 'othersecret').ok).toBe(false);
    expect(verifySignature(method, { ...params, PageSize: '11', Signature: signature }, SECRET).ok).toBe(false);
  });

  it('percent-encodes as RFC 3986 over UTF-8, escaping !\'()* and space', () => {
    expect(percentEncode("a-_.~ !'()*+/=&")).toBe('a-_.~%20%21%27%28%29%2A%2B%2F%3D%26');
    expect(percentEncode('中文.中国')).toBe('%E4%B8%AD%E6%96%87.%E4%B8%AD%E5%9B%BD');
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
  });

  it('sorts names in byte order and leaves Signature out of the canonical string', () => {
    expect(canonicalQueryString({ b: '1', B: '2', a: '3', Signature: 'x', _: '4' })).toBe('B=2&_=4&a=3&b=1');
  });
});
