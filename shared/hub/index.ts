/** The hub protocol (DESIGN 8): schemas and constants shared by the hub and the sync client. */
export * from './commands.js';
export * from './enrollment.js';
export * from './events.js';
export * from './heartbeat.js';
export * from './hubErrors.js';
export * from './ids.js';
export * from './limits.js';
export * from './live.js';
export * from './proctor.js';
export * from './receipt.js';
export * from './routes.js';
export * from './itemStats.js';
export * from './cohort.js';
export * from './similarity.js';
export * from './candidateReport.js';
export * from './blindGrading.js';
