import type { AttemptState } from '../../../shared/lifecycle.js';

/** States in which the exam is under way: the timer exists and a submit is still possible. */
export const LIVE_STATES: ReadonlySet<AttemptState> = new Set(['in-progress', 'paused', 'locked']);
/** States after sealing: the result exists and the journal takes no more candidate entries. */
export const FINISHED_STATES: ReadonlySet<AttemptState> = new Set(['sealed', 'synced']);
