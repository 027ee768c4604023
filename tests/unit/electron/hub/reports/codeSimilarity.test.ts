import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeSimilarity, fingerprints, type SourceFile } from '../../../../../electron/hub/reports/codeSimilarity.js';
import { tokenize } from '../../../../../electron/hub/reports/codeTokens.js';
import { repoRoot } from '../../../../support/paths.js';

const fixture = (name: string): SourceFile => ({ path: 'lru.js', text: readFileSync(join(repoRoot, 'tests', 'fixtures', 'similarity', `${name}.js`), 'utf8') });
const starter = fixture('starter');
const item = (subs: Record<string, SourceFile[]>) => ({ itemId: 'lru-cache', title: 'LRU cache', starter: [starter], submissions: Object.entries(subs).map(([attemptId, files]) => ({ attemptId, files })) });

describe('code similarity (winnowing over normalised tokens)', () => {
  it('normalises identifiers and literals and drops comments and whitespace', () => {
    const a = tokenize('const total = items.length; // count\n/* block */ return "x" + 42;', 'a.js').map((t) => t.text);
    const b = tokenize('const   n=list.size;\n\n\nreturn   `y`+7', 'b.js').map((t) => t.text);
    expect(a).toEqual(['const', 'V', '=', 'V', '.', 'V', ';', 'return', 'S', '+', 'N', ';']);
    expect(b).toEqual(['const', 'V', '=', 'V', '.', 'V', ';', 'return', 'S', '+', 'N']);
    expect(tokenize('x = 1  # a comment\n"""doc"""\ny', 'm.py').map((t) => [t.text, t.line])).toEqual([
      ['V', 1],
      ['=', 1],
      ['N', 1],
      ['V', 3],
    ]);
  });

  it('flags the near-copy (renamed variables, other comments and whitespace) and not the independent solution', () => {
    const reply = computeSimilarity([item({ ada: [fixture('original')], brian: [fixture('nearCopy')], chen: [fixture('independent')] })]);
    expect(reply.pairs.map((p) => [p.a, p.b])).toEqual([['ada', 'brian']]);
    const [pair] = reply.pairs;
    expect(pair?.similarity).toBeGreaterThanOrEqual(0.9);
    // The matching regions cover the class body on both sides, with the text to show side by side.
    expect(pair?.regions[0]?.a).toMatchObject({ file: 'lru.js' });
    expect(pair?.regions[0]?.a.text).toContain('this.entries.delete(key);');
    expect(pair?.regions[0]?.b.text).toContain('this.store.delete(k);');
    // The independent solution shares almost nothing with either.
    const all = computeSimilarity([item({ ada: [fixture('original')], chen: [fixture('independent')] })], { threshold: 0 });
    expect(all.pairs[0]?.similarity).toBeLessThan(0.1);
  });

  it('still matches when methods are moved around', () => {
    const text = fixture('nearCopy').text;
    const getStart = text.indexOf('  /* Look up');
    const putStart = text.indexOf('  put(k, v)');
    const putEnd = text.indexOf('  get size()');
    const moved = text.slice(0, getStart) + text.slice(putStart, putEnd) + text.slice(getStart, putStart) + text.slice(putEnd);
    const reply = computeSimilarity([item({ ada: [fixture('original')], dana: [{ path: 'lru.js', text: moved }] })]);
    expect(reply.pairs).toHaveLength(1);
    expect(reply.pairs[0]?.regions.length).toBeGreaterThan(1);
  });

  it('excludes the starter code: two candidates who changed nothing are not flagged', () => {
    const untouched = computeSimilarity([item({ eve: [starter], finn: [{ path: 'lru.js', text: starter.text.replace(/TODO/g, 'later') }] })], { threshold: 0 });
    expect(untouched.pairs).toEqual([]);
    // The starter's fingerprints are there to remove: without the exclusion the pair would match.
    expect(fingerprints([starter], 12, 8).length).toBeGreaterThan(0);
    const noStarter = computeSimilarity([{ ...item({ eve: [starter], finn: [starter] }), starter: [] }], { threshold: 0, minFingerprints: 1 });
    expect(noStarter.pairs[0]?.similarity).toBe(1);
  });
});
