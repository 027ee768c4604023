import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const demoExamDir = join(repoRoot, 'resources', 'exams', 'demo');
