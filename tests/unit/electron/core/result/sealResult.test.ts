import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESULT_FILE, readSealedResult, signResult, verifyResult, writeSealedResult } from '../../../../../electron/core/result/sealResult.js';
import { canonicalJson } from '../../../../../shared/canonicalJson.js';
import { VigilError } from '../../../../../shared/errors.js';
import { resultSchema, type Result, type UnsignedResult } from '../../../../../shared/result.js';

function keyPair(): { privateKey: KeyObject; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const HASH = 'a'.repeat(64);
const sample = (): UnsignedResult => ({
  format: 'vigil-result/1',
  attemptId: '3f0c1d52-0c1e-4c55-9d07-7d3f3f1f7b10',
  examId: 'lead-backend',
  examVersion: '2025.1',
  candidate: { id: 'c-17', name: 'Ada Lovelace' },
  device: { id: 'a7f5f2f4-6a51-4a43-9bd6-2b1f4d2d1c0e' },
  startedAt: '2025-05-01T09:00:00.000Z',
  submittedAt: '2025-05-01T10:29:59.500Z',
  submitReason: 'time-up',
  answers: {
    q1: 'b',
    q2: ['a', 'c'],
    q3: { text: 'Idempotency keys', words: 2, draft: false, notes: null },
    q4: 42.5,
    q5: true,
  },
  workspaces: { code1: { archive: Buffer.from('not really a tar.gz').toString('base64'), sha256: 'b'.repeat(64) } },
  journal: { count: 314, headHash: HASH },
});

type Path = Array<string | number>;

/** Every primitive value in `value`, with its path. */
function leafPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.keys(value).flatMap((k) => leafPaths((value as Record<string, unknown>)[k], [...path, k]));
  return [path];
}

/** Every object in `value`, with its path (the root is []). */
function objectPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...path, i]));
  if (typeof value === 'object' && value !== null) return [path, ...Object.keys(value).flatMap((k) => objectPaths((value as Record<string, unknown>)[k], [...path, k]))];
  return [];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, seg) => (node as Record<string | number, unknown>)[seg], root);
}

/** Sets without invoking setters (a "__proto__" key stays an own property). */
function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  Object.defineProperty(parent, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

/** A different value of the same JSON type, so the change is real and not merely a type error. */
function mutate(v: unknown): unknown {
  if (typeof v === 'string') return `${v}x`;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v + 1 : v === 0 ? 1 : v / 2;
  if (typeof v === 'boolean') return !v;
  return 'x'; // null
}

function expectEveryChangeBreaks(signed: Result, publicKeyPem: string): void {
  const label = (p: Path): string => p.map(String).join('.');
  for (const path of leafPaths(signed)) {
    const tampered = clone(signed);
    setAt(tampered, path, mutate(getAt(signed, path)));
    expect(verifyResult(tampered, publicKeyPem), `changed ${label(path)}`).toBe(false);
  }
  for (const path of objectPaths(signed)) {
    const added = clone(signed);
    setAt(added, [...path, 'extra'], 1);
    expect(verifyResult(added, publicKeyPem), `added ${label(path)}.extra`).toBe(false);
  }
  for (const path of leafPaths(signed).concat(objectPaths(signed)).filter((p) => p.length > 0 && typeof p[p.length - 1] === 'string')) {
    const removed = clone(signed);
    delete (getAt(removed, path.slice(0, -1)) as Record<string, unknown>)[path[path.length - 1] as string];
    expect(verifyResult(removed, publicKeyPem), `removed ${label(path)}`).toBe(false);
  }
}

describe('signResult / verifyResult', () => {
  const { privateKey, publicKeyPem } = keyPair();

  it('a sealed result is schema-valid and verifies', () => {
    const signed = signResult(sample(), privateKey);
    expect(resultSchema.parse(signed)).toEqual(signed);
    expect(signed.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(verifyResult(signed, publicKeyPem)).toBe(true);
    expect(verifyResult(clone(signed), publicKeyPem)).toBe(true);
  });

  it('the signature does not depend on key order', () => {
    const a = signResult(sample(), privateKey);
    const reordered = Object.fromEntries(Object.entries(sample()).reverse()) as UnsignedResult;
    expect(signResult(reordered, privateKey).signature).toBe(a.signature);
    const shuffled = Object.fromEntries(Object.entries(a).reverse());
    expect(verifyResult(shuffled, publicKeyPem)).toBe(true);
  });

  it('changing, adding or removing any field breaks the signature', () => {
    const signed = signResult(sample(), privateKey);
    expect(leafPaths(signed).map((p) => p.join('.'))).toEqual(expect.arrayContaining(['journal.headHash', 'answers.q3.text', 'answers.q2.1', 'signature']));
    expectEveryChangeBreaks(signed, publicKeyPem);
  });

  it('a different key does not verify', () => {
    const signed = signResult(sample(), privateKey);
    expect(verifyResult(signed, keyPair().publicKeyPem)).toBe(false);
  });

  it('rejects non-canonical or malformed signatures and non-objects', () => {
    const signed = signResult(sample(), privateKey);
    for (const signature of [`${signed.signature}\n`, ` ${signed.signature}`, signed.signature.slice(0, -4), '', 42, null, undefined]) {
      expect(verifyResult({ ...signed, signature }, publicKeyPem)).toBe(false);
    }
    expect(verifyResult(null, publicKeyPem)).toBe(false);
    expect(verifyResult([signed], publicKeyPem)).toBe(false);
    expect(verifyResult({ ...signed, answers: { q1: Number.NaN } }, publicKeyPem)).toBe(false);
  });

  it('a bad public key is the caller error, not a failed verification', () => {
    const signed = signResult(sample(), privateKey);
    expect(() => verifyResult(signed, 'not a key')).toThrow(VigilError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => verifyResult(signed, rsa)).toThrow(/Ed25519/);
  });

  it('refuses to sign an invalid result or with a non-Ed25519 key', () => {
    const bad = { ...sample(), submitReason: 'bored' } as unknown as UnsignedResult;
    expect(() => signResult(bad, privateKey)).toThrow(/submitReason/);
    const withSig = { ...sample(), signature: 'x' } as unknown as UnsignedResult;
    expect(() => signResult(withSig, privateKey)).toThrow(VigilError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => signResult(sample(), rsa)).toThrow(/Ed25519/);
  });

  it('property: random results verify, and any change to any of their fields breaks them', () => {
    const ident = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/);
    const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
    const iso = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    const json = fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => !JSON.stringify(v).includes('"__proto__"'))
      .map((v) => v as UnsignedResult['answers'][string]);
    const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max });
    const unsigned: fc.Arbitrary<UnsignedResult> = fc.record({
      format: fc.constant('vigil-result/1' as const),
      attemptId: fc.uuid(),
      examId: ident,
      examVersion: fc.string({ minLength: 1, maxLength: 12 }),
      candidate: fc.record({ id: ident, name: text(40) }),
      device: fc.record({ id: fc.uuid() }),
      startedAt: iso,
      submittedAt: iso,
      submitReason: fc.constantFrom('candidate' as const, 'time-up' as const, 'proctor' as const),
      answers: fc.dictionary(ident, json, { maxKeys: 5 }),
      workspaces: fc.dictionary(ident, fc.record({ archive: fc.uint8Array({ minLength: 1, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64')), sha256: hex64 }), { maxKeys: 2 }),
      journal: fc.record({ count: fc.integer({ min: 1, max: 1_000_000 }), headHash: hex64 }),
    });
    // The exhaustive every-leaf sweep runs on the fixed sample above; here one random leaf and one
    // random object per generated result keep the property fast.
    fc.assert(
      fc.property(unsigned, fc.nat(), fc.nat(), (u, leafPick, objectPick) => {
        const signed = signResult(u, privateKey);
        expect(verifyResult(signed, publicKeyPem)).toBe(true);
        const leaves = leafPaths(signed);
        const leaf = leaves[leafPick % leaves.length]!;
        const changed = clone(signed);
        setAt(changed, leaf, mutate(getAt(signed, leaf)));
        expect(verifyResult(changed, publicKeyPem), `changed ${leaf.join('.')}`).toBe(false);
        const objects = objectPaths(signed);
        const added = clone(signed);
        setAt(added, [...objects[objectPick % objects.length]!, '__vigil_test_extra__'], null);
        expect(verifyResult(added, publicKeyPem)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('writeSealedResult', () => {
  const { privateKey } = keyPair();
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'vigil-result-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('writes result.json once as canonical JSON and reads it back', async () => {
    const signed = signResult(sample(), privateKey);
    expect(await readSealedResult(dir)).toBeNull();
    const out = await writeSealedResult(dir, signed);
    expect(out).toEqual({ path: join(dir, RESULT_FILE), created: true });
    expect(await fsp.readFile(out.path, 'utf8')).toBe(`${canonicalJson(signed)}\n`);
    expect(await readSealedResult(dir)).toEqual(signed);
    expect((await fsp.readdir(dir)).sort()).toEqual([RESULT_FILE]);
  });

  it('the same result again is fine; a different one is a conflict and changes nothing', async () => {
    const signed = signResult(sample(), privateKey);
    await writeSealedResult(dir, signed);
    expect(await writeSealedResult(dir, clone(signed))).toEqual({ path: join(dir, RESULT_FILE), created: false });
    const other = signResult({ ...sample(), submitReason: 'candidate' }, privateKey);
    const error: unknown = await writeSealedResult(dir, other).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VigilError);
    expect((error as VigilError).code).toBe('conflict');
    expect(await readSealedResult(dir)).toEqual(signed);
    expect((await fsp.readdir(dir)).sort()).toEqual([RESULT_FILE]);
  });

  it('two concurrent different seals: exactly one wins, the other conflicts', async () => {
    const a = signResult(sample(), privateKey);
    const b = signResult({ ...sample(), submitReason: 'proctor' }, privateKey);
    const outcomes = await Promise.allSettled([writeSealedResult(dir, a), writeSealedResult(dir, b)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    const stored = await readSealedResult(dir);
    expect([a.signature, b.signature]).toContain(stored?.signature);
  });

  it('refuses an invalid result and reports a damaged file', async () => {
    const signed = signResult(sample(), privateKey);
    await expect(writeSealedResult(dir, { ...signed, signature: 'short' })).rejects.toMatchObject({ code: 'internal' });
    await fsp.writeFile(join(dir, RESULT_FILE), '{"format":');
    await expect(readSealedResult(dir)).rejects.toMatchObject({ code: 'storage' });
    await expect(writeSealedResult(dir, signed)).rejects.toMatchObject({ code: 'storage' });
  });
});
