// A page copied a code itself (the click is the gesture the clipboard wants): the worker notes the
// code's hash so that the clipboard is cleared 60 s later if it still holds it. The page sends the
// job's id, never the code; for a text of several codes, the text's hash, never the text.
import type { JobEngine } from '../../../lib/jobs/engine';
import { isIdPayload, isSha256Payload } from '../../../lib/protocol/index';
import { noteCopied, noteCopiedHash } from '../clipboard-clear';
import { answer } from './answer';

export function setUpClipboardHandlers(engine: JobEngine): void {
  answer('clipboardCopied', isIdPayload, async (data) => {
    const codes = await engine.revealCodes([data.id]);
    const code = codes === 'locked' ? undefined : codes[data.id];
    if (code !== undefined) await noteCopied(code);
    return { ok: true };
  });
  answer('clipboardCopiedText', isSha256Payload, async (data) => {
    await noteCopiedHash(data.sha256);
    return { ok: true };
  });
}
