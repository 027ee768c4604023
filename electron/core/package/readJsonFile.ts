import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { findJsonSyntaxError } from './jsonSyntax.js';
import { problem } from './problems.js';
import type { PackageProblem } from './types.js';

/** Far above any real exam; stops a mistaken multi-gigabyte file from being read into memory. */
export const MAX_JSON_BYTES = 20 * 1024 * 1024;

export type JsonFile = { kind: 'missing' } | { kind: 'invalid'; problem: PackageProblem } | { kind: 'ok'; value: unknown };

/** Reads `<root>/<name>` as JSON; every failure a package can cause comes back as a problem. */
export async function readJsonFile(root: string, name: string): Promise<JsonFile> {
  const file = path.join(root, name);
  let text: string;
  try {
    // stat first: reading a FIFO or a device named exam.json would block or never end.
    const st = await stat(file);
    if (!st.isFile()) return { kind: 'invalid', problem: problem(name, '', 'must be a regular file') };
    if (st.size > MAX_JSON_BYTES) return { kind: 'invalid', problem: problem(name, '', `larger than ${MAX_JSON_BYTES / 1024 / 1024} MB`) };
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : null;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === null) throw error;
    return { kind: 'invalid', problem: problem(name, '', `cannot be read (${code})`) };
  }
  // Editors on Windows may save a byte-order mark; it is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const located = findJsonSyntaxError(text);
    const reason = located ? `invalid JSON at line ${located.line}, column ${located.column}: ${located.message}` : `invalid JSON: ${error.message}`;
    return { kind: 'invalid', problem: problem(name, '', reason) };
  }
}
