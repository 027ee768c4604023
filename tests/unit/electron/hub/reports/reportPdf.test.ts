import { describe, expect, it } from 'vitest';
import { PdfCache } from '../../../../../electron/hub/reports/reportPdf.js';

describe('the PDF cache', () => {
  it('prints a report once per content, shares a print in flight, forgets failures and old entries', async () => {
    const printed: string[] = [];
    let fail = false;
    const cache = new PdfCache(async (html) => {
      printed.push(html);
      if (fail) throw new Error('no chromium');
      return Buffer.from(`pdf of ${html}`);
    }, 2);
    const [a, b] = await Promise.all([cache.get('k1', () => 'one'), cache.get('k1', () => 'one')]);
    expect(a.toString()).toBe('pdf of one');
    expect(b).toBe(a);
    expect(printed).toEqual(['one']);

    fail = true;
    await expect(cache.get('k2', () => 'two')).rejects.toThrow('no chromium');
    fail = false;
    expect((await cache.get('k2', () => 'two')).toString()).toBe('pdf of two');
    expect(printed).toEqual(['one', 'two', 'two']);

    // Beyond two entries the least recently used goes: k1 was used before k2, so k1 is printed again.
    await cache.get('k3', () => 'three');
    await cache.get('k1', () => 'one');
    expect(printed).toEqual(['one', 'two', 'two', 'three', 'one']);
  });
});
