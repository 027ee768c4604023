import { SIMILARITY_DEFAULTS, type MatchRegion, type SimilarityPair, type SimilarityReply } from '../../../shared/hub/similarity.js';
import { tokenize } from './codeTokens.js';

/**
 * Code similarity by winnowing (Schleimer, Wilkerson, Aiken 2003: the algorithm behind MOSS),
 * from plain data: each coding item's starter files and every candidate's submitted files.
 *
 * 1. Each file becomes normalised tokens (codeTokens.ts: identifiers and literals made generic,
 *    comments and whitespace gone).
 * 2. Every run of k consecutive tokens (a k-gram) is hashed.
 * 3. Winnowing: in each window of w consecutive k-gram hashes the smallest is kept (the rightmost
 *    on ties), so a shared run of at least w + k - 1 tokens always shares a fingerprint, while a
 *    file keeps only about 2 / (w + 1) of its hashes.
 * 4. Fingerprints the starter code has are dropped: everyone was given those.
 * 5. A pair's similarity is the share of the smaller submission's fingerprints found in the other;
 *    at or above the threshold the pair is flagged, with the matching line regions side by side.
 */
export interface SourceFile {
  path: string;
  text: string;
}

export interface SimilarityItemInput {
  itemId: string;
  title: string;
  starter: readonly SourceFile[];
  submissions: ReadonlyArray<{ attemptId: string; files: readonly SourceFile[] }>;
}

export interface SimilarityOptions {
  k?: number;
  w?: number;
  threshold?: number;
  minFingerprints?: number;
}

export interface Fingerprint {
  hash: number;
  file: string;
  /** Lines of the k-gram's first and last token. */
  from: number;
  to: number;
}

/** FNV-1a over the k-gram's tokens: fast and well spread; collisions only merge rare fingerprints. */
function hashTokens(tokens: ReadonlyArray<{ text: string }>, start: number, k: number): number {
  let h = 0x811c9dc5;
  for (let t = start; t < start + k; t++) {
    const text = (tokens[t] as { text: string }).text;
    for (let c = 0; c < text.length; c++) {
      h ^= text.charCodeAt(c);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // token boundary: "ab" "c" differs from "a" "bc"
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The winnowed fingerprints of some files, k-grams never crossing a file boundary. */
export function fingerprints(files: readonly SourceFile[], k: number, w: number): Fingerprint[] {
  const out: Fingerprint[] = [];
  for (const file of files) {
    const tokens = tokenize(file.text, file.path);
    if (tokens.length < k) continue;
    const grams: Fingerprint[] = [];
    for (let s = 0; s + k <= tokens.length; s++) {
      grams.push({ hash: hashTokens(tokens, s, k), file: file.path, from: (tokens[s] as { line: number }).line, to: (tokens[s + k - 1] as { line: number }).line });
    }
    const window = Math.min(w, grams.length);
    let last = -1;
    for (let start = 0; start + window <= grams.length; start++) {
      let min = start;
      for (let j = start; j < start + window; j++) if ((grams[j] as Fingerprint).hash <= (grams[min] as Fingerprint).hash) min = j;
      if (min !== last) {
        out.push(grams[min] as Fingerprint);
        last = min;
      }
    }
  }
  return out;
}

/** Fingerprints by hash, the first place each occurs, without those the starter code has. */
function submissionPrints(files: readonly SourceFile[], starterHashes: ReadonlySet<number>, k: number, w: number): Map<number, Fingerprint> {
  const out = new Map<number, Fingerprint>();
  for (const fp of fingerprints(files, k, w)) if (!starterHashes.has(fp.hash) && !out.has(fp.hash)) out.set(fp.hash, fp);
  return out;
}

export function computeSimilarity(items: readonly SimilarityItemInput[], options: SimilarityOptions = {}): SimilarityReply {
  const k = options.k ?? SIMILARITY_DEFAULTS.k;
  const w = options.w ?? SIMILARITY_DEFAULTS.w;
  const threshold = options.threshold ?? SIMILARITY_DEFAULTS.threshold;
  const minFingerprints = options.minFingerprints ?? SIMILARITY_DEFAULTS.minFingerprints;
  const pairs: SimilarityPair[] = [];
  for (const item of items) {
    const starterHashes = new Set(fingerprints(item.starter, k, w).map((f) => f.hash));
    const subs = item.submissions.map((s) => ({ attemptId: s.attemptId, files: s.files, prints: submissionPrints(s.files, starterHashes, k, w) }));
    for (let i = 0; i < subs.length; i++) {
      for (let j = i + 1; j < subs.length; j++) {
        const a = subs[i] as (typeof subs)[number];
        const b = subs[j] as (typeof subs)[number];
        const smaller = Math.min(a.prints.size, b.prints.size);
        if (smaller < minFingerprints) continue; // too little of their own code to judge
        const shared: Array<[Fingerprint, Fingerprint]> = [];
        for (const [hash, fa] of a.prints) {
          const fb = b.prints.get(hash);
          if (fb) shared.push([fa, fb]);
        }
        const similarity = shared.length / smaller;
        if (similarity < threshold) continue;
        pairs.push({
          itemId: item.itemId,
          a: a.attemptId,
          b: b.attemptId,
          similarity: Math.round(similarity * 10_000) / 10_000,
          shared: shared.length,
          aFingerprints: a.prints.size,
          bFingerprints: b.prints.size,
          regions: regionsOf(shared, a.files, b.files),
        });
      }
    }
  }
  pairs.sort((x, y) => y.similarity - x.similarity || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  return {
    k,
    w,
    threshold,
    items: items.map((i) => ({ itemId: i.itemId, title: i.title, submissions: i.submissions.length })),
    pairs,
    unreadable: [],
  };
}

/** The most lines of text shown per side of a region (the rest is still counted in its range). */
const REGION_TEXT_LINES = 40;

/**
 * Matching fingerprints merged into regions: consecutive matches (in a's order) that stay in the
 * same two files and run on in both (b within a few lines of where the last match ended) are one.
 */
function regionsOf(shared: ReadonlyArray<[Fingerprint, Fingerprint]>, aFiles: readonly SourceFile[], bFiles: readonly SourceFile[]): MatchRegion[] {
  const sorted = [...shared].sort(([x], [y]) => x.file.localeCompare(y.file) || x.from - y.from || x.to - y.to);
  const merged: Array<{ aFile: string; aFrom: number; aTo: number; bFile: string; bFrom: number; bTo: number }> = [];
  for (const [fa, fb] of sorted) {
    const cur = merged.at(-1);
    if (cur && cur.aFile === fa.file && cur.bFile === fb.file && fa.from <= cur.aTo + 1 && fb.from >= cur.bFrom - 2 && fb.from <= cur.bTo + 2) {
      cur.aTo = Math.max(cur.aTo, fa.to);
      cur.bFrom = Math.min(cur.bFrom, fb.from);
      cur.bTo = Math.max(cur.bTo, fb.to);
    } else {
      merged.push({ aFile: fa.file, aFrom: fa.from, aTo: fa.to, bFile: fb.file, bFrom: fb.from, bTo: fb.to });
    }
  }
  const text = (files: readonly SourceFile[], path: string, from: number, to: number): string => {
    const lines = (files.find((f) => f.path === path)?.text ?? '').split('\n').slice(from - 1, Math.min(to, from - 1 + REGION_TEXT_LINES));
    return lines.join('\n');
  };
  return merged.map((r) => ({
    a: { file: r.aFile, from: r.aFrom, to: r.aTo, text: text(aFiles, r.aFile, r.aFrom, r.aTo) },
    b: { file: r.bFile, from: r.bFrom, to: r.bTo, text: text(bFiles, r.bFile, r.bFrom, r.bTo) },
  }));
}
