// Sealing a transfer code with the vault's code key (lib/credentials/code-seal.ts).
import { describe, expect, it } from 'vitest';
import { CodeSealError, codeAssociatedData, openCode, sealCode } from '../../lib/credentials/code-seal';
import { fromBase64, toBase64 } from '../../lib/credentials/vault-crypto';

const key = () => crypto.getRandomValues(new Uint8Array(32));
const CODE = 'Ab3$<b>=HYPERLINK("x")</b>&amp;转移';

/** A base64 value with one bit of one byte flipped. */
function flipped(base64: string, at = 0): string {
  const bytes = fromBase64(base64);
  bytes[at] = (bytes[at] ?? 0) ^ 1;
  return toBase64(bytes);
}

describe('sealCode and openCode', () => {
  it('round trip: the code comes back verbatim, and the sealing shows none of it', async () => {
    const k = key();
    const sealed = await sealCode(CODE, 'job-1', k);
    expect(fromBase64(sealed.iv)).toHaveLength(12);
    expect(JSON.stringify(sealed)).not.toContain('HYPERLINK');
    expect(await openCode(sealed, 'job-1', k)).toBe(CODE);
  });

  it('every sealing has its own IV (the same code twice seals differently)', async () => {
    const k = key();
    const sealings = await Promise.all(Array.from({ length: 20 }, () => sealCode(CODE, 'job-1', k)));
    expect(new Set(sealings.map((s) => s.iv)).size).toBe(20);
    expect(new Set(sealings.map((s) => s.data)).size).toBe(20);
  });

  it.each([
    ['a wrong key', async (k: Uint8Array<ArrayBuffer>) => ({ sealed: await sealCode(CODE, 'job-1', k), jobId: 'job-1', with: key() })],
    ['another job id (a sealed code moved to another job)', async (k: Uint8Array<ArrayBuffer>) => ({ sealed: await sealCode(CODE, 'job-1', k), jobId: 'job-2', with: k })],
    ['a job id that only starts the same', async (k: Uint8Array<ArrayBuffer>) => ({ sealed: await sealCode(CODE, 'job-1', k), jobId: 'job-10', with: k })],
    ['altered data', async (k: Uint8Array<ArrayBuffer>) => {
      const sealed = await sealCode(CODE, 'job-1', k);
      return { sealed: { ...sealed, data: flipped(sealed.data, 3) }, jobId: 'job-1', with: k };
    }],
    ['an altered tag (the last bytes)', async (k: Uint8Array<ArrayBuffer>) => {
      const sealed = await sealCode(CODE, 'job-1', k);
      return { sealed: { ...sealed, data: flipped(sealed.data, fromBase64(sealed.data).length - 1) }, jobId: 'job-1', with: k };
    }],
    ['an altered IV', async (k: Uint8Array<ArrayBuffer>) => {
      const sealed = await sealCode(CODE, 'job-1', k);
      return { sealed: { ...sealed, iv: flipped(sealed.iv) }, jobId: 'job-1', with: k };
    }],
    ['a truncated sealing', async (k: Uint8Array<ArrayBuffer>) => {
      const sealed = await sealCode(CODE, 'job-1', k);
      return { sealed: { ...sealed, data: toBase64(fromBase64(sealed.data).slice(0, 10)) }, jobId: 'job-1', with: k };
    }],
    ['data that is not base64', async (k: Uint8Array<ArrayBuffer>) => {
      const sealed = await sealCode(CODE, 'job-1', k);
      return { sealed: { ...sealed, data: '%%%' }, jobId: 'job-1', with: k };
    }],
  ])('%s does not open, and the error says nothing of the code', async (_name, make) => {
    const { sealed, jobId, with: k } = await make(key());
    const error = await openCode(sealed, jobId, k).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CodeSealError);
    expect(String((error as Error).message)).not.toContain('HYPERLINK');
  });

  it('binds the version and the job id', () => {
    expect(new TextDecoder().decode(codeAssociatedData('job-1'))).toBe('transfer-code:v1:job-1');
  });
});
