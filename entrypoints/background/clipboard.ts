// Writing a code to the clipboard from the background: through the offscreen document on Chrome,
// directly where the background is a page with a DOM (Firefox). Every copy is noted, so that the
// clipboard is cleared 60 s later if it still holds the code (clipboard-clear.ts).
import { noteCopied } from './clipboard-clear';
import { offscreenApi, sendToOffscreen } from './offscreen-document';

export async function copyText(text: string): Promise<void> {
  const api = offscreenApi();
  if (api) await sendToOffscreen(api, { target: 'offscreen', type: 'copy', text });
  else await navigator.clipboard.writeText(text);
  await noteCopied(text);
}
