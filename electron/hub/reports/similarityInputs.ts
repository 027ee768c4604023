import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { allItems } from '../../../shared/exam/examSchema.js';
import { VigilError } from '../../../shared/errors.js';
import type { Result } from '../../../shared/result.js';
import type { ExamPackage } from '../../core/package/types.js';
import { readWorkspaceArchiveFiles } from '../../core/workspace/extractWorkspaceArchive.js';
import type { SimilarityItemInput, SourceFile } from './codeSimilarity.js';
import { titleOf } from './itemStats.js';

/**
 * The plain data code similarity compares, read at the hub: each coding item's starter files from
 * the package and each candidate's submitted files from the workspace archive in their result
 * (checked as the grader checks it, never extracted to disk).
 */

/** Files that are not the candidate's code: dependencies, lock files, build output, VCS data. */
const NOT_CODE = /(^|\/)(node_modules|\.git|dist|build|target|__pycache__|\.venv|venv)\/|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$|\.(png|jpe?g|gif|ico|pdf|zip|gz|jar|class|pyc|lock|min\.js)$/i;
/** A file larger than this is generated or data, not typed code. */
const MAX_FILE_BYTES = 256 * 1024;

function asSource(path: string, data: Buffer): SourceFile | null {
  if (NOT_CODE.test(path) || data.length > MAX_FILE_BYTES || data.includes(0)) return null;
  return { path, text: data.toString('utf8') };
}

async function readTree(root: string, dir: string = root, out: SourceFile[] = []): Promise<SourceFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return out; // no starter for this language
    throw error;
  }
  for (const name of names.sort()) {
    const full = join(dir, name);
    const st = await lstat(full);
    if (st.isDirectory()) await readTree(root, full, out);
    else if (st.isFile()) {
      const file = asSource(relative(root, full).split(sep).join('/'), await readFile(full));
      if (file) out.push(file);
    }
  }
  return out;
}

export interface UnreadableSubmission {
  itemId: string;
  attemptId: string;
  reason: string;
}

export async function similarityInputs(
  pkg: ExamPackage,
  results: ReadonlyArray<{ attemptId: string; result: Pick<Result, 'workspaces'> }>,
): Promise<{ items: SimilarityItemInput[]; unreadable: UnreadableSubmission[] }> {
  const items: SimilarityItemInput[] = [];
  const unreadable: UnreadableSubmission[] = [];
  for (const { item } of allItems(pkg.exam)) {
    if (item.type !== 'coding') continue;
    // Every language's starter: what any candidate was given is nobody's own work.
    const starter = [...(await readTree(join(pkg.dir, item.task, 'starter')))];
    for (const language of item.languages ?? []) starter.push(...(await readTree(join(pkg.dir, item.task, language, 'starter'))));
    const submissions: SimilarityItemInput['submissions'][number][] = [];
    for (const { attemptId, result } of results) {
      const ws = result.workspaces[item.id];
      if (!ws) continue;
      try {
        const files = await readWorkspaceArchiveFiles(Buffer.from(ws.archive, 'base64'));
        submissions.push({ attemptId, files: files.flatMap((f) => asSource(f.path, f.data) ?? []) });
      } catch (error) {
        // A refused archive (the grader refuses it too): that submission is reported, not compared.
        if (!(error instanceof VigilError)) throw error;
        unreadable.push({ itemId: item.id, attemptId, reason: error.message });
      }
    }
    items.push({ itemId: item.id, title: titleOf(item), starter, submissions });
  }
  return { items, unreadable };
}
