/** Reads an exam package's exam.json and key.json through the shared schemas. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { examSchema, type Exam } from '../../../shared/exam/examSchema.js';
import { keySchema, type Key } from '../../../shared/exam/keySchema.js';
import { repoRoot } from '../../support/paths.js';

export const examsDir = path.join(repoRoot, 'resources', 'exams');

export async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

export async function readExamFiles(dir: string): Promise<{ exam: Exam; key: Key }> {
  const exam = examSchema.parse(await readJson(path.join(dir, 'exam.json')));
  const key = keySchema.parse(await readJson(path.join(dir, 'key.json')));
  return { exam, key };
}

/** A prompt or option text with fenced code blocks and inline code spans removed. */
export function proseOf(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

/** Raw HTML is never rendered (DESIGN 4), so authors must not rely on it: no tags outside code. */
export function hasRawHtml(markdown: string): boolean {
  return /<\/?[A-Za-z!][^>]*>/.test(proseOf(markdown));
}
