import path from 'node:path';
import type { ExamView } from './examView.js';
import { resolveInPackage, type ResolvedKind } from './packageTree.js';
import { problem, quote, type PathSegments } from './problems.js';
import type { PackageProblem } from './types.js';

/**
 * Files that exam.json points at must be in the package (DESIGN 4): sql datasets, coding task
 * folders with their starter, and content/ files linked from markdown.
 */
export async function checkReferences(root: string, view: ExamView): Promise<PackageProblem[]> {
  const checks: Array<Promise<PackageProblem | null>> = [];
  const expect = (at: PathSegments, rel: string, want: 'file' | 'dir', what: string): void => {
    checks.push(resolveInPackage(root, rel).then((kind) => (kind === want ? null : problem('exam.json', at, describe(kind, rel, want, what)))));
  };

  for (const v of view.items) {
    const item = v.item;
    if (item?.type === 'sql') expect([...v.path, 'dataset'], item.dataset, 'file', 'dataset');
    if (item?.type === 'coding') {
      // One problem per cause: a missing task folder has no starter either.
      const at = [...v.path, 'task'];
      checks.push(
        resolveInPackage(root, item.task).then(async (kind) => {
          if (kind !== 'dir') return problem('exam.json', at, describe(kind, item.task, 'dir', 'task folder'));
          // A multi-language task has a starter per language (DESIGN 13), a single-language one at its root.
          for (const prefix of item.languages ? item.languages.map((l) => `${l}/`) : ['']) {
            const starter = `${item.task}/${prefix}starter`;
            const starterKind = await resolveInPackage(root, starter);
            if (starterKind !== 'dir') return problem('exam.json', at, describe(starterKind, starter, 'dir', 'starter folder'));
          }
          return null;
        }),
      );
    }
    if (typeof v.raw.prompt === 'string') for (const c of contentLinkChecks(root, [...v.path, 'prompt'], v.raw.prompt)) checks.push(c);
  }
  if (typeof view.raw?.instructions === 'string') for (const c of contentLinkChecks(root, ['instructions'], view.raw.instructions)) checks.push(c);

  const results = await Promise.all(checks);
  return results.filter((p): p is PackageProblem => p !== null);
}

function describe(kind: ResolvedKind, rel: string, want: 'file' | 'dir', what: string): string {
  const name = quote(want === 'dir' ? `${rel}/` : rel);
  switch (kind) {
    case 'missing':
      return `${what} ${name} is not in the package`;
    case 'outside':
      return `${what} ${name} resolves outside the package`;
    case 'unreadable':
      return `${what} ${name} cannot be read`;
    default:
      return `${what} ${name} must be a ${want === 'dir' ? 'folder' : 'file'}`;
  }
}

function contentLinkChecks(root: string, at: PathSegments, markdown: string): Array<Promise<PackageProblem | null>> {
  return contentLinks(markdown).map(async (link) => {
    const normal = path.posix.normalize(link);
    if (!normal.startsWith('content/')) return problem('exam.json', at, `link ${quote(link)} must stay inside content/`);
    const kind = await resolveInPackage(root, normal);
    return kind === 'file' ? null : problem('exam.json', at, describe(kind, link, 'file', 'linked file'));
  });
}

const INLINE_LINK = /\]\(\s*(<[^>\n]*>|[^)\s]+)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;

/**
 * The content/ paths a markdown text links to (inline links, images and reference definitions),
 * without "#fragment" or "?query" and percent-decoded. Other links (https:, #anchors) are not
 * files of the package and are ignored.
 */
export function contentLinks(markdown: string): string[] {
  const found = new Set<string>();
  for (const re of [INLINE_LINK, REFERENCE_DEFINITION]) {
    for (const m of markdown.matchAll(re)) {
      let dest = m[1] ?? '';
      if (dest.startsWith('<')) dest = dest.slice(1, -1);
      dest = dest.replace(/[?#].*$/s, '');
      if (dest.startsWith('./')) dest = dest.slice(2);
      if (!dest.startsWith('content/')) continue;
      found.add(percentDecode(dest));
    }
  }
  return [...found];
}

/** A malformed escape ("%zz") is kept as typed: the renderer will not find that file either. */
function percentDecode(text: string): string {
  return text.replace(/%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*/g, (seq) => {
    try {
      return decodeURIComponent(seq);
    } catch (error) {
      if (error instanceof URIError) return seq;
      throw error;
    }
  });
}
