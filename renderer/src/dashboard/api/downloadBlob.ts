/**
 * Saves a Blob as a file. The results CSV needs the proctor's Bearer token, which a plain link
 * cannot send, so it is fetched and handed to the browser as an object URL on a temporary link.
 */
export function downloadBlob(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The click has started the download; revoking on the next turn keeps the URL alive long enough.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
