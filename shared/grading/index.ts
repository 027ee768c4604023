/** Objective grading and scoring (DESIGN 4, 12): pure, shared by core, hub and renderer. */
export * from './answerSchema.js';
export * from './gradeChoice.js';
export * from './gradeNumeric.js';
export * from './gradeObjective.js';
export * from './gradeShortText.js';
export * from './grades.js';
export * from './keyEntry.js';
export * from './resultSchema.js';
export * from './rubric.js';
export * from './scoreExam.js';
