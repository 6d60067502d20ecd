import { describe, expect, it } from 'vitest';
import { isSealedRecord, needsUpgrade, seal, unseal, VAULT_ITERATIONS, WrongPassphraseError } from '../../lib/credentials/vault-crypto';

const FAST = 1_000; // iterations for the round-trip tests; the default is checked separately

describe('vault crypto', () => {
  it('seals with the default 600,000 iterations, random salt and IV, and opens again', async () => {
    const a = await seal('{"p":"secret-1"}', 'correct horse');
    const b = await seal('{"p":"secret-1"}', 'correct horse');
    expect(a.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: VAULT_ITERATIONS });
    expect(VAULT_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(a.cipher.name).toBe('AES-GCM');
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.data).not.toBe(b.data);
    expect(await unseal(a, 'correct horse')).toBe('{"p":"secret-1"}');
  });

  it('the record holds neither the plaintext nor the passphrase', async () => {
    const rec = await seal('SECRET-PLAINTEXT', 'my passphrase', FAST);
    const text = JSON.stringify(rec);
    expect(text).not.toContain('SECRET-PLAINTEXT');
    expect(text).not.toContain('my passphrase');
    expect(isSealedRecord(JSON.parse(text))).toBe(true);
  });

  it.each([['wrong'], [''], ['correct horse ']])('a wrong passphrase %j is refused', async (pass) => {
    const rec = await seal('x', 'correct horse', FAST);
    await expect(unseal(rec, pass)).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('a record whose iteration count was lowered by an attacker does not open', async () => {
    const rec = await seal('x', 'pw', 2_000);
    await expect(unseal({ ...rec, kdf: { ...rec.kdf, iterations: 1_000 } }, 'pw')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('flags records made with fewer iterations than today for upgrade', async () => {
    expect(needsUpgrade(await seal('x', 'pw', FAST))).toBe(true);
    expect(needsUpgrade(await seal('x', 'pw', FAST), FAST)).toBe(false);
  });

  it.each([
    [null], [{}], [{ v: 2 }], [{ v: 1, kdf: { name: 'scrypt' } }], ['text'],
  ])('isSealedRecord refuses %j', (v) => {
    expect(isSealedRecord(v)).toBe(false);
  });

  it('keeps Unicode intact', async () => {
    expect(await unseal(await seal('密钥 ✓ ключ', 'пароль 密码', FAST), 'пароль 密码')).toBe('密钥 ✓ ключ');
  });
});
