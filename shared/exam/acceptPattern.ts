/**
 * A short-text key's `accept` entry (DESIGN 4) is plain text, or a regular expression written as
 * "/source/flags". The package loader and the grader must read entries the same way, so both use this module.
 * Any entry shaped "/x/letters" is a regex (bad flags are then a lint problem, not silently text);
 * a literal answer of that shape is written as an escaped regex: "/^\/usr\/bin$/".
 */
export type AcceptPattern = { kind: 'text'; text: string } | { kind: 'regex'; source: string; flags: string };

const REGEX_ENTRY = /^\/(.+)\/([A-Za-z]*)$/s;

export function parseAcceptEntry(entry: string): AcceptPattern {
  const m = REGEX_ENTRY.exec(entry);
  if (!m) return { kind: 'text', text: entry };
  return { kind: 'regex', source: m[1] ?? '', flags: m[2] ?? '' };
}

/**
 * Compiles a regex entry. "g" and "y" are refused: they make `test()` remember where the last
 * match ended, so the same answer would be right one time and wrong the next.
 */
export function compileAcceptRegex(pattern: { source: string; flags: string }): { ok: true; regex: RegExp } | { ok: false; reason: string } {
  const stateful = [...new Set(pattern.flags)].filter((f) => f === 'g' || f === 'y');
  if (stateful.length > 0) {
    const names = stateful.map((f) => `"${f}"`).join(' and ');
    return { ok: false, reason: `flag ${names} not allowed: matching would depend on the previous answer checked` };
  }
  try {
    return { ok: true, regex: new RegExp(pattern.source, pattern.flags) };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}
