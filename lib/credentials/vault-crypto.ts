// Passphrase encryption of the stored secrets: PBKDF2-SHA-256 derives an AES-GCM-256 key from the
// passphrase and a random salt; each sealing uses a fresh random IV. The record says which
// parameters made it, so they can be raised later: a record made with fewer iterations than
// today's is re-sealed on the next unlock.

export const VAULT_ITERATIONS = 600_000;
export const RECORD_VERSION = 1;

import type { SealedRecord } from '../storage';

export type { SealedRecord } from '../storage';

export class WrongPassphraseError extends Error {
  constructor() {
    super('The passphrase is wrong.');
    this.name = 'WrongPassphraseError';
  }
}

const encoder = new TextEncoder();

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * How a passphrase becomes bytes for the KDF. NFC: the same text typed on another keyboard or
 * system (a precomposed "é" or "e" and a combining accent) derives the same key. 'as-typed' only
 * opens records that versions before the NFC rule made (lib/credentials/vault.ts re-seals them).
 */
export type PassphraseForm = 'nfc' | 'as-typed';

/** The AES-256 key bytes for a passphrase. Kept (as bytes) only in session storage while unlocked. */
export async function deriveKeyBytes(passphrase: string, salt: string, iterations: number, form: PassphraseForm = 'nfc'): Promise<Uint8Array<ArrayBuffer>> {
  const text = form === 'nfc' ? passphrase.normalize('NFC') : passphrase;
  const material = await crypto.subtle.importKey('raw', encoder.encode(text), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(salt), iterations }, material, 256);
  return new Uint8Array(bits);
}

function aesKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export function newSalt(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(16)));
}

/** A random AES-256 key (the vault's code key), base64. */
export function newCodeKey(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

/** The parameters are authenticated with the data, so a record edited to fewer iterations fails to open. */
function associatedData(record: Pick<SealedRecord, 'v' | 'kdf'>): Uint8Array<ArrayBuffer> {
  return encoder.encode(`v${record.v}:${record.kdf.hash}:${record.kdf.iterations}:${record.kdf.salt}`);
}

/** Seals with an already derived key (re-sealing while unlocked needs no passphrase). */
export async function sealWithKey(
  plaintext: string,
  keyBytes: Uint8Array<ArrayBuffer>,
  salt: string,
  iterations: number,
): Promise<SealedRecord> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt } as const;
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associatedData({ v: RECORD_VERSION, kdf }) },
    await aesKey(keyBytes),
    encoder.encode(plaintext),
  );
  return { v: RECORD_VERSION, kdf: { ...kdf }, cipher: { name: 'AES-GCM', iv: toBase64(iv) }, data: toBase64(new Uint8Array(data)) };
}

export async function seal(plaintext: string, passphrase: string, iterations = VAULT_ITERATIONS, form: PassphraseForm = 'nfc'): Promise<SealedRecord> {
  const salt = newSalt();
  return sealWithKey(plaintext, await deriveKeyBytes(passphrase, salt, iterations, form), salt, iterations);
}

/** Decrypts with a derived key; a wrong key (or a tampered record) throws WrongPassphraseError. */
export async function unsealWithKey(record: SealedRecord, keyBytes: Uint8Array<ArrayBuffer>): Promise<string> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(record.cipher.iv), additionalData: associatedData(record) },
      await aesKey(keyBytes),
      fromBase64(record.data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new WrongPassphraseError();
  }
}

export async function unseal(record: SealedRecord, passphrase: string, form: PassphraseForm = 'nfc'): Promise<string> {
  return unsealWithKey(record, await deriveKeyBytes(passphrase, record.kdf.salt, record.kdf.iterations, form));
}

export function needsUpgrade(record: SealedRecord, iterations = VAULT_ITERATIONS): boolean {
  return record.kdf.iterations < iterations;
}

export function isSealedRecord(v: unknown): v is SealedRecord {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<SealedRecord>;
  return (
    r.v === RECORD_VERSION &&
    r.kdf?.name === 'PBKDF2' &&
    typeof r.kdf.iterations === 'number' &&
    typeof r.kdf.salt === 'string' &&
    r.cipher?.name === 'AES-GCM' &&
    typeof r.cipher.iv === 'string' &&
    typeof r.data === 'string'
  );
}
