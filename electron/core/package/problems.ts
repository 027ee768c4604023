import type { z } from 'zod';
import type { PackageProblem } from './types.js';

/** Path segments as authors read them: `sections[0].items[2].points`, `items["odd key"].answer`. */
export type PathSegments = ReadonlyArray<PropertyKey>;

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;
const MAX_REASON = 500;

export function jsonPath(segments: PathSegments): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${oneLine(JSON.stringify(typeof seg === 'string' ? seg : String(seg)))}]`;
  }
  return out;
}

/**
 * Problems are printed one per line, and package files are untrusted: control characters in a
 * hostile key or value must not break the line or drive the terminal.
 */
export function oneLine(text: string): string {
  const clean = escapeControls(text);
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON)}…` : clean;
}

/** Control characters (and line separators) as visible `\uXXXX` escapes. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A user value inside a reason: quoted, escaped, and short. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function problem(file: string, path: PathSegments | string, reason: string): PackageProblem {
  return { file: oneLine(file), path: typeof path === 'string' ? path : jsonPath(path), reason: oneLine(reason) };
}

/** One problem per zod issue, its path under `prefix` (e.g. `items.q3` for a key entry). */
export function zodProblems(file: string, error: z.ZodError, prefix: PathSegments = []): PackageProblem[] {
  return error.issues.map((issue) => {
    const reason =
      issue.code === 'invalid_key' ? `invalid key: ${issue.issues.map((i) => i.message).join('; ')}` : issue.message;
    return problem(file, [...prefix, ...issue.path], reason);
  });
}
