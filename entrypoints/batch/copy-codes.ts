// "Copy all" and "Copy for the new registrar": the batch page puts a text of several codes on the
// clipboard itself (the click is the gesture the clipboard wants), then names the text's SHA-256 to
// the worker, which clears the clipboard 60 s later if it still holds this text (settings'
// clearClipboard), as it does after a single code's Copy. The text never leaves the page.
import { sha256Hex } from '@/lib/digest';
import { noteCodesTextCopied } from '@/lib/protocol/full-page-client';

/** Throws when the page may not copy (the button shows its own failure). */
export async function copyCodesText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
  await noteCodesTextCopied(await sha256Hex(text));
}
