// Writing text to the clipboard from the background: through the offscreen document on Chrome,
// directly where the background is a page with a DOM (Firefox).
import { offscreenApi, sendToOffscreen } from './offscreen-document';

export async function copyText(text: string): Promise<void> {
  const api = offscreenApi();
  if (api) await sendToOffscreen(api, { target: 'offscreen', type: 'copy', text });
  else await navigator.clipboard.writeText(text);
}
