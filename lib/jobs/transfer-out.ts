// What Alibaba Cloud did with a code besides answering it: QueryTransferOutInfo says where it
// emailed the code (the registrant's address), when, and until when the code is valid. The job
// keeps that note with the address masked: the full address is personal data the extension has
// no need to store.
import { parseTransferOut } from '../domain/facts';
import type { TransferOutNote } from '../protocol';

/** How long the worker stops asking after QueryTransferOutInfo was refused for want of its RAM permission. */
export const DENIED_PAUSE_MS = 24 * 3_600_000;

const MASK = '•••';

/**
 * "owner@example.com" -> "o•••@example.com": the first character of the local part (a code point,
 * not half of one), the mask, and the mail domain as it is. Text without an "@" is masked whole.
 */
export function maskEmail(email: string): string {
  const text = email.trim();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return MASK;
  const first = Array.from(text.slice(0, at))[0] ?? '';
  return `${first}${MASK}@${text.slice(at + 1)}`;
}

/**
 * A send date this long before the job's task (`since`) belongs to an earlier code: the clocks of
 * the two (Alibaba's China-time text, this computer's) may differ by a few minutes.
 */
export const EARLIER_CODE_MARGIN_MS = 15 * 60_000;

/**
 * The note for a job from QueryTransferOutInfo's answer; undefined when it says nothing of a sent
 * code, or speaks of another one: a status other than 3 (code obtained), or a code sent before
 * this job's task (`since`, when the TaskNo arrived) was made.
 */
export function transferOutNote(answer: unknown, since?: number): TransferOutNote | undefined {
  const out = parseTransferOut(answer);
  if (out.status !== undefined && out.status !== 3) return undefined;
  if (since !== undefined && out.codeSentAt !== undefined && out.codeSentAt < since - EARLIER_CODE_MARGIN_MS) return undefined;
  const note: TransferOutNote = {
    ...(out.email ? { maskedEmail: maskEmail(out.email) } : {}),
    ...(out.codeSentAt !== undefined ? { sentAt: out.codeSentAt } : {}),
    ...(out.codeExpiresAt !== undefined ? { expiresAt: out.codeExpiresAt } : {}),
  };
  return Object.keys(note).length > 0 ? note : undefined;
}

/** Whether a refusal noted at `deniedAt` still holds at `now` (undefined: never refused). */
export function stillDenied(deniedAt: number | undefined, now: number): boolean {
  return deniedAt !== undefined && now >= deniedAt && now - deniedAt < DENIED_PAUSE_MS;
}
