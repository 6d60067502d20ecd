// A text's SHA-256, as lower-case hex: what the worker keeps of a copied code (never the code
// itself), so that the clipboard can later be compared with it. Worker, offscreen document, and the
// batch page (which hashes a text of several codes it copied before naming it to the worker).

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
