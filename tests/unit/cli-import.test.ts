import { describe, expect, it } from 'vitest';
import { mergeImported, parseCliConfig, MAX_CONFIG_LENGTH, type CliImportOk } from '../../lib/credentials/cli-import';
import type { ProfileBook } from '../../lib/credentials/profiles';

const config = (profiles: unknown[], current = 'default') => JSON.stringify({ current, profiles, meta_path: '' });

const ak = { name: 'default', mode: 'AK', access_key_id: 'LTAI-ak', access_key_secret: 'ak-secret', sts_token: '', region_id: 'cn-hangzhou', language: 'en' };
const sts = { name: 'temp', mode: 'StsToken', access_key_id: 'STS.id', access_key_secret: 'sts-secret', sts_token: 'tok', region_id: 'ap-southeast-1', language: 'zh' };

function ok(text: string): CliImportOk {
  const result = parseCliConfig(text);
  if (!result.ok) throw new Error(`expected ok, got ${result.error}`);
  return result;
}

describe('parseCliConfig', () => {
  it('imports AK and StsToken profiles, StsToken with its token', () => {
    const result = ok(config([ak, sts]));
    expect(result.current).toBe('default');
    expect(result.refused).toEqual([]);
    expect(result.profiles).toEqual([
      { name: 'default', accessKeyId: 'LTAI-ak', accessKeySecret: 'ak-secret', regionId: 'cn-hangzhou', siteHint: false },
      { name: 'temp', accessKeyId: 'STS.id', accessKeySecret: 'sts-secret', securityToken: 'tok', regionId: 'ap-southeast-1', siteHint: true },
    ]);
  });

  it.each(['RamRoleArn', 'EcsRamRole', 'ChainableRamRoleArn', 'RsaKeyPair', 'External', 'CredentialsURI', 'OIDC', 'CloudSSO'])(
    'refuses mode %s with its name and mode',
    (mode) => {
      const result = ok(config([{ ...ak, name: 'role', mode }]));
      expect(result.profiles).toEqual([]);
      expect(result.refused).toEqual([{ kind: 'mode', name: 'role', mode }]);
    },
  );

  it('refuses profiles without keys, StsToken without a token, and entries that are not profiles', () => {
    const result = ok(config([{ ...ak, access_key_secret: '' }, { ...sts, sts_token: '' }, 'junk', { mode: 'AK' }]));
    expect(result.profiles).toEqual([]);
    expect(result.refused).toEqual([
      { kind: 'keys', name: 'default' },
      { kind: 'token', name: 'temp' },
      { kind: 'entry', index: 3 },
      { kind: 'entry', index: 4 },
    ]);
  });

  it('reads a profile without a mode as AK, and ignores a stale token on an AK profile', () => {
    const { mode: _mode, ...noMode } = ak;
    expect(ok(config([{ ...noMode, sts_token: 'old' }])).profiles[0]).toEqual(
      expect.objectContaining({ name: 'default', accessKeyId: 'LTAI-ak' }),
    );
    expect(ok(config([{ ...noMode, sts_token: 'old' }])).profiles[0]).not.toHaveProperty('securityToken');
  });

  it.each([
    ['cn-hangzhou', false],
    ['cn-hongkong', false],
    ['ap-southeast-1', true],
    ['eu-central-1', true],
    ['us-west-1', true],
    ['me-east-1', true],
    ['', false],
  ])('region %s suggests the International site: %s', (region_id, hint) => {
    expect(ok(config([{ ...ak, region_id }])).profiles[0]?.siteHint).toBe(hint);
  });

  it('refuses malformed JSON, a file that is not a config, and an oversized file', () => {
    expect(parseCliConfig('{"profiles": [')).toEqual({ ok: false, error: 'malformed' });
    expect(parseCliConfig('')).toEqual({ ok: false, error: 'malformed' });
    expect(parseCliConfig('[1,2]')).toEqual({ ok: false, error: 'not-a-config' });
    expect(parseCliConfig('{"current":"x"}')).toEqual({ ok: false, error: 'not-a-config' });
    expect(parseCliConfig(' '.repeat(MAX_CONFIG_LENGTH + 1))).toEqual({ ok: false, error: 'too-big' });
  });

  it('keeps no current when the file has none', () => {
    expect(ok(JSON.stringify({ profiles: [ak] }))).not.toHaveProperty('current');
  });
});

describe('mergeImported', () => {
  const ids = () => {
    let n = 0;
    return () => `new-${++n}`;
  };

  it('adds profiles on the China site and makes the CLI current one active', () => {
    const { book, secrets } = mergeImported({ activeId: null, profiles: [] }, ok(config([ak, sts], 'temp')), ids());
    expect(book).toEqual({
      activeId: 'new-2',
      profiles: [
        { id: 'new-1', name: 'default', site: 'cn', accessKeyId: 'LTAI-ak' },
        { id: 'new-2', name: 'temp', site: 'cn', accessKeyId: 'STS.id' },
      ],
    });
    // The secrets come apart from the profiles: the page hands them to the worker.
    expect(secrets).toEqual({ 'new-1': { accessKeySecret: 'ak-secret' }, 'new-2': { accessKeySecret: 'sts-secret', securityToken: 'tok' } });
  });

  it('replaces a profile of the same name, keeping its id and site; keeps the active one if current was not imported', () => {
    const before: ProfileBook = {
      activeId: 'mine',
      profiles: [
        { id: 'old', name: 'default', site: 'intl', accessKeyId: 'OLD', hasSecret: true, sts: true },
        { id: 'mine', name: 'mine', site: 'cn', accessKeyId: 'M', hasSecret: true },
      ],
    };
    const { book, secrets } = mergeImported(before, ok(config([ak], 'role')), ids());
    expect(book.activeId).toBe('mine');
    expect(book.profiles).toEqual([
      { id: 'old', name: 'default', site: 'intl', accessKeyId: 'LTAI-ak' },
      { id: 'mine', name: 'mine', site: 'cn', accessKeyId: 'M', hasSecret: true },
    ]);
    expect(secrets).toEqual({ old: { accessKeySecret: 'ak-secret' } });
  });

  it('makes the first imported profile active when none was', () => {
    const { book } = mergeImported({ activeId: null, profiles: [] }, ok(config([sts, ak], 'missing')), ids());
    expect(book.activeId).toBe('new-1');
  });
});
