/**
 * The loader meets hostile or broken packages: whatever exam.json and key.json contain, it must
 * return data (a package, or a non-empty list of one-line problems) and never throw.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { formatProblem } from '../../../electron/core/package/types.js';
import { copyDemo, type TempPackage } from '../../fixtures/packages/demoPackage.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const HOSTILE = [
  '',
  ' ',
  '../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  'data/../../x.sql',
  'tasks/../..',
  'tasks/sum/../../..',
  'content/../../../etc/passwd',
  'See ![x](content/../../etc/passwd) [y](content/%2e%2e/key.json) [z](content/%zz)',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  '/(/',
  '/a/gy',
  '/(a+)+$/',
  'x'.repeat(70_000),
  '\u0000',
  'line\nbreak\r\u001b[2J',
  '\u202e\u2028\ud800',
  'vigil-exam/1',
  'vigil-key/1',
  'proctored',
  'coding',
  'sql',
  'essay',
  'hidden',
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE), fc.string(), fc.string({ unit: 'binary' }));
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() as fc.Arbitrary<Json> },
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<Json>(0, -1, 1e308, -0, 0.5, 2 ** 53 + 1, true, false, null, [], {}) },
);

/** One change to a JSON tree; `at` picks a node among the tree's current nodes. */
type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'duplicate'; at: number }
  | { kind: 'insert-key'; at: number; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: anyJson }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert-key' as const), at: fc.nat(), key: hostileString, value: anyJson }),
);

interface Slot {
  parent: Json[] | { [key: string]: Json };
  key: string | number;
}

function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        visit(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) {
        out.push({ parent: node, key: k });
        visit(child);
      }
    }
  };
  visit(root);
  return out;
}

/** Own data property, even for "__proto__" (plain assignment would change the prototype). */
function put(parent: Slot['parent'], key: string | number, value: Json): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function apply(root: Json, m: Mutation): Json {
  const all = slots(root);
  if (all.length === 0) return m.kind === 'replace' ? m.value : root;
  const slot = all[m.at % all.length] as Slot;
  const current = (slot.parent as Record<string | number, Json>)[slot.key] as Json;
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    case 'replace':
      put(slot.parent, slot.key, m.value);
      break;
    case 'duplicate':
      // Duplicating array elements makes duplicate items, sections, skills, options...
      if (Array.isArray(slot.parent)) slot.parent.push(structuredClone(current));
      else if (Array.isArray(current) && current.length > 0) current.push(structuredClone(current[0] as Json));
      break;
    case 'insert-key':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) put(current, m.key, m.value);
      else put(slot.parent, slot.key, { [m.key]: m.value });
      break;
  }
  return root;
}

type FileChange = { kind: 'mutate'; ms: Mutation[] } | { kind: 'truncate'; cut: number } | { kind: 'text'; text: string };

/** How a file ends up on disk: mutated JSON, or text that is not JSON at all. */
const fileChange: fc.Arbitrary<FileChange> = fc.oneof(
  { weight: 8, arbitrary: fc.array(mutation, { minLength: 0, maxLength: 6 }).map((ms) => ({ kind: 'mutate' as const, ms })) },
  { weight: 1, arbitrary: fc.nat().map((cut) => ({ kind: 'truncate' as const, cut })) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('', '\uFEFF', '[', 'null', '1e999', '{"a":1}{')).map((text) => ({ kind: 'text' as const, text })) },
);

function render(original: Json, change: FileChange): string {
  if (change.kind === 'text') return change.text;
  const text = JSON.stringify(change.kind === 'mutate' ? change.ms.reduce(apply, structuredClone(original)) : original);
  return change.kind === 'truncate' ? text.slice(0, change.cut % Math.max(1, text.length)) : text;
}

let pkg: TempPackage;
beforeAll(async () => {
  pkg = await copyDemo();
});
afterAll(async () => {
  await pkg.cleanup();
});

describe('loadPackage on mutated packages', () => {
  it('never throws and always returns a package or one-line problems', async () => {
    const exam = pkg.exam as Json;
    const key = pkg.key as Json;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fileChange, fileChange, async (examChange, keyChange) => {
        await writeFile(path.join(pkg.dir, 'exam.json'), render(exam, examChange));
        await writeFile(path.join(pkg.dir, 'key.json'), render(key, keyChange));
        const result = await loadPackage(pkg.dir);
        if (result.ok) {
          expect(result.pkg.exam.format).toBe('vigil-exam/1');
          return;
        }
        refused++;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(typeof p.file).toBe('string');
          expect(typeof p.path).toBe('string');
          expect(typeof p.reason).toBe('string');
          expect(p.reason.length).toBeGreaterThan(0);
          expect(formatProblem(p)).not.toMatch(/[\n\r\u2028\u2029]/);
        }
      }),
      { numRuns: 1000 },
    );
    // Most mutations must break the package (or this proves nothing), and some must not.
    expect(refused).toBeGreaterThan(500);
    expect(refused).toBeLessThan(1000);
  });
});
