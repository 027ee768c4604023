import { findChromium, NO_SANDBOX_FLAG } from '../../cli/start/chromium.js';
import { unavailable } from '../hubError.js';

/**
 * Prints a report page to PDF with Chromium through playwright-core (docs/reports.md). The page is
 * our own HTML with no script and no external resource: JavaScript is off and every request is
 * refused, so printing reads nothing but the string given. One print at a time (each starts a
 * browser); a hub without Chromium or playwright-core answers 503 saying so, and the HTML report
 * still works (a browser's own "Save as PDF" prints the same page).
 */
let queue: Promise<unknown> = Promise.resolve();

export function printPdf(html: string): Promise<Buffer> {
  const run = queue.then(() => print(html));
  queue = run.catch(() => undefined); // the next print waits for this one, not for its success
  return run;
}

async function print(html: string): Promise<Buffer> {
  const lookup = findChromium();
  if (!lookup.found) throw unavailable(`PDF reports need Chromium on the hub's machine: ${lookup.reason}. The HTML report works without it.`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    throw unavailable(`PDF reports need the playwright-core package on the hub (${error instanceof Error ? error.message : String(error)}). The HTML report works without it.`);
  }
  // Chromium refuses its sandbox as root (containers, CI); the page runs no script either way.
  const args = process.getuid?.() === 0 ? [NO_SANDBOX_FLAG] : [];
  const browser = await playwright.chromium.launch({ executablePath: lookup.path, headless: true, args });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}

/**
 * Printed PDFs by content: a report that has not changed is not printed again (each print starts a
 * browser, so repeated downloads, or a client hammering the route, would otherwise start one each).
 * Least recently used entries go beyond `max`; concurrent requests for one key share one print.
 */
export class PdfCache {
  private readonly entries = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly print: (html: string) => Promise<Buffer>,
    private readonly max = 32,
  ) {}

  get(key: string, html: () => string): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const printed = this.print(html());
    this.entries.set(key, printed);
    printed.catch(() => {
      // A failed print is not kept: the next request tries again (this one's caller sees the error).
      if (this.entries.get(key) === printed) this.entries.delete(key);
    });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return printed;
  }
}
