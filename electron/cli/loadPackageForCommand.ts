import path from 'node:path';
import process from 'node:process';
import { loadPackage, packageFolderProblem } from '../core/package/loadPackage.js';
import { formatProblem, type ExamPackage } from '../core/package/types.js';

/**
 * Loads a command's package argument, or prints why not: a missing or unreadable folder in one
 * line, else every problem (`file: json.path: reason`) followed by the command's own closing line.
 * Returns null after printing; the command then exits 1.
 */
export async function loadPackageForCommand(command: string, dir: string, closing: (problemCount: number) => string): Promise<ExamPackage | null> {
  const folder = await packageFolderProblem(path.resolve(dir));
  if (folder) {
    process.stderr.write(`vigil ${command}: ${folder.reason}\n`);
    return null;
  }
  const result = await loadPackage(dir);
  if (!result.ok) {
    process.stderr.write(result.problems.map((p) => `${formatProblem(p)}\n`).join(''));
    process.stderr.write(`vigil ${command}: ${closing(result.problems.length)}\n`);
    return null;
  }
  return result.pkg;
}

export function problemCount(n: number): string {
  return `${n} problem${n === 1 ? '' : 's'}`;
}
