// Passphrase encryption of the stored secrets: PBKDF2-SHA-256 derives an AES-GCM-256 key from the
// passphrase and a random salt; each sealing uses a fresh random IV. The record says which
// parameters made it, so they can be raised later: a record made with fewer iterations than
// today's is re-sealed on the next unlock.

export const VAULT_ITERATIONS = 600_000;
export const RECORD_VERSION = 1;

export interface SealedRecord {
  v: typeof RECORD_VERSION;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  /** Base64 ciphertext with its 128-bit tag. */
  data: string;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('The passphrase is wrong.');
    this.name = 'WrongPassphraseError';
  }
}

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The parameters are authenticated with the data, so a record edited to fewer iterations fails to open. */
function associatedData(record: Pick<SealedRecord, 'v' | 'kdf'>): Uint8Array<ArrayBuffer> {
  return encoder.encode(`v${record.v}:${record.kdf.hash}:${record.kdf.iterations}:${record.kdf.salt}`);
}

export async function seal(plaintext: string, passphrase: string, iterations = VAULT_ITERATIONS): Promise<SealedRecord> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const head = { v: RECORD_VERSION, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) } } as const;
  const key = await deriveKey(passphrase, salt, iterations);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associatedData(head) },
    key,
    encoder.encode(plaintext),
  );
  return { ...head, kdf: { ...head.kdf }, cipher: { name: 'AES-GCM', iv: toBase64(iv) }, data: toBase64(new Uint8Array(data)) };
}

/** Decrypts a record; a wrong passphrase (or a tampered record) throws WrongPassphraseError. */
export async function unseal(record: SealedRecord, passphrase: string): Promise<string> {
  const key = await deriveKey(passphrase, fromBase64(record.kdf.salt), record.kdf.iterations);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(record.cipher.iv), additionalData: associatedData(record) },
      key,
      fromBase64(record.data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new WrongPassphraseError();
  }
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
