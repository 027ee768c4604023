/**
 * Deterministic option shuffling (issue 4): the order depends only on the attempt and the item, so a
 * candidate sees the same order after a reload or a restart, and two candidates usually see
 * different orders. The one implementation lives with the candidate's form (shared/exam/form.ts),
 * so the order shown is the order journaled and sealed into the result.
 */
export { hashSeed, seededRandom, shuffleFor } from '../../../shared/exam/form.js';
