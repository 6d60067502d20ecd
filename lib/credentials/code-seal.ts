// Transfer codes at rest while the vault is on: each code is sealed with the vault's code key
// (AES-GCM-256, WebCrypto), under a fresh 12-byte IV, with its job's id (and a version tag) as
// associated data: a sealed code copied onto another job, or edited, fails to open. Only the
// worker seals and opens (it alone holds the unlocked code key).
import type { SealedCode } from '../protocol';
import { fromBase64, toBase64 } from './vault-crypto';

export type { SealedCode } from '../protocol';

/** Part of the associated data: a later format changes it, so an old sealing is never misread. */
export const CODE_SEAL_VERSION = 1;

/** A sealed code that does not open: wrong key, another job's, or altered. Says nothing of the code. */
export class CodeSealError extends Error {
  constructor() {
    super('The sealed code does not open.');
    this.name = 'CodeSealError';
  }
}

const encoder = new TextEncoder();

/** What a sealing is bound to: the format's version and the job. */
export function codeAssociatedData(jobId: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`transfer-code:v${CODE_SEAL_VERSION}:${jobId}`);
}

function codeKeyOf(keyBytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function sealCode(code: string, jobId: string, keyBytes: Uint8Array<ArrayBuffer>): Promise<SealedCode> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: codeAssociatedData(jobId) }, await codeKeyOf(keyBytes), encoder.encode(code));
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/** The code; throws CodeSealError when it does not open (wrong key, another job's, altered). */
export async function openCode(sealed: SealedCode, jobId: string, keyBytes: Uint8Array<ArrayBuffer>): Promise<string> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: codeAssociatedData(jobId) },
      await codeKeyOf(keyBytes),
      fromBase64(sealed.data),
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new CodeSealError();
  }
}
