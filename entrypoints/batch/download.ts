/**
 * Saves text as a file through a Blob and a click on an <a download>: no downloads permission is
 * needed. A byte-order mark goes first so that spreadsheets read UTF-8 (Chinese IDNs) correctly.
 */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download at once; the URL is kept a while for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
