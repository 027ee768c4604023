/**
 * The lock-clock rule, in one place for the hub's dialog, the candidate's lock screen and the docs
 * (docs/proctors.md): a lock never stops the exam clock, whichever clock the exam uses; only a
 * pause does. A lock is a sanction or a policy response (focus loss under `focusLoss: lock`): if
 * it stopped the clock, switching away from the exam would buy thinking time. A proctor who wants
 * the clock stopped pauses, and can add time afterwards.
 */
export const LOCK_CLOCK_RULE = 'The clock keeps running while the exam is locked.';
