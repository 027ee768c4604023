import type { RepairData } from '../../../shared/journal.js';

/**
 * The repairs of an open that the candidate must hear about: journal entries lost to damage or
 * restored from attempt.json, and a rebuilt meta.json. A torn last line (an interrupted save that was
 * never acknowledged) and a rebuilt attempt.json lose nothing the candidate saw saved, so they stay
 * in the journal for the proctor only.
 */
const CANDIDATE_VISIBLE: Record<string, string> = {
  'journal-damage': 'Part of this attempt\'s saved record was damaged. Everything up to the damage was recovered; your proctor has been told. Please check your answers.',
  'journal-loss': 'Some of your latest answers were restored from a backup copy; your proctor has been told. Please check your answers.',
  'meta-json': 'This attempt\'s details were rebuilt from its saved record.',
};

export function recoveryNotice(repairs: readonly RepairData[]): string[] {
  return [...new Set(repairs.flatMap((r) => (Object.hasOwn(CANDIDATE_VISIBLE, r.what) ? [CANDIDATE_VISIBLE[r.what] as string] : [])))];
}
