/**
 * Deterministic option shuffling (issue 4): the order depends only on the attempt and the item, so a
 * candidate sees the same order after a reload or a restart, and two candidates usually see
 * different orders. Not cryptographic: it only has to be stable and well spread.
 */

/** FNV-1a, 32 bit: a tiny, well-spread string hash for the seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher-Yates shuffle of a copy of `items`, seeded by attempt id and item id. */
export function shuffleFor<T>(items: readonly T[], attemptId: string, itemId: string): T[] {
  const random = seededRandom(hashSeed(`${attemptId}\u0000${itemId}`));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
