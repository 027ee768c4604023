import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { canonicalJson } from '../../../shared/canonicalJson.js';
import { describeZodError, VigilError } from '../../../shared/errors.js';
import { resultSchema, resultSignatureSchema, unsignedResultSchema, type Result, type UnsignedResult } from '../../../shared/result.js';
import { toStorageError } from '../../base/storageError.js';
import { errnoCode, nodeStoreFs, type StoreFs } from '../../base/storeFs.js';
import { writeFileOnce } from '../device/writeFileOnce.js';

/**
 * Sealing (DESIGN 5 and 8): the result is signed with the device's Ed25519 key over the canonical
 * JSON of everything but `signature`, and written once as `<attempt>/result.json`.
 */
export const RESULT_FILE = 'result.json';

/** The exact bytes the signature covers. */
export function resultSigningBytes(unsigned: Record<string, unknown>): Buffer {
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/** Signs a result. A result that breaks its schema is a bug in whoever assembled it. */
export function signResult(unsigned: UnsignedResult, privateKey: KeyObject): Result {
  const parsed = unsignedResultSchema.safeParse(unsigned);
  if (!parsed.success) {
    const { message, fields } = describeZodError('result', parsed.error);
    throw new VigilError('internal', `cannot sign an invalid result: ${message}`, { fields });
  }
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new VigilError('internal', `results are signed with an Ed25519 private key, not a ${privateKey.type} ${privateKey.asymmetricKeyType ?? ''} key`);
  }
  const signature = sign(null, resultSigningBytes(parsed.data), privateKey).toString('base64');
  return { ...parsed.data, signature };
}

/**
 * True when `result` carries a valid signature by `publicKeyPem` over all its other fields, as they
 * are (unknown extra fields included: they are covered by the signature, so adding one breaks it).
 * Anything malformed about the result is `false`; a public key that is not an Ed25519 SPKI PEM is
 * the caller's error (it was validated at enrollment) and throws VigilError('invalid-params').
 */
export function verifyResult(result: unknown, publicKeyPem: string): boolean {
  const key = parsePublicKey(publicKeyPem);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return false;
  const { signature, ...rest } = result as Record<string, unknown>;
  // Buffer.from(base64) skips characters it does not understand; only the canonical text counts.
  if (!resultSignatureSchema.safeParse(signature).success) return false;
  const sigBytes = Buffer.from(signature as string, 'base64');
  if (sigBytes.length !== 64 || sigBytes.toString('base64') !== signature) return false;
  let bytes: Buffer;
  try {
    bytes = resultSigningBytes(rest);
  } catch (error) {
    // A value JSON cannot carry (NaN, a Date) was never part of a signed result.
    if (error instanceof TypeError) return false;
    throw error;
  }
  return verify(null, bytes, key, sigBytes);
}

function parsePublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new VigilError('invalid-params', `not a public key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new VigilError('invalid-params', `results are verified with an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/**
 * Writes `<attemptDir>/result.json` once, atomically and durably (fsync'ed before this resolves).
 * Writing the same result again is fine (`created: false`, e.g. a retry after a crash); a different
 * one is VigilError('conflict'): a sealed result never changes.
 */
export async function writeSealedResult(attemptDir: string, result: Result, fs: StoreFs = nodeStoreFs): Promise<{ path: string; created: boolean }> {
  const parsed = resultSchema.safeParse(result);
  if (!parsed.success) {
    const { message, fields } = describeZodError('result', parsed.error);
    throw new VigilError('internal', `cannot store an invalid result: ${message}`, { fields });
  }
  const path = join(attemptDir, RESULT_FILE);
  const text = canonicalJson(parsed.data);
  const outcome = await writeFileOnce(path, `${text}\n`, fs);
  if (outcome === 'created') return { path, created: true };
  const stored = await readSealedResult(attemptDir, fs);
  if (stored !== null && canonicalJson(stored) === text) return { path, created: false };
  throw new VigilError('conflict', `${path} already holds a different sealed result; a sealed result is never replaced`, {
    file: path,
    storedSignature: stored?.signature ?? null,
    newSignature: parsed.data.signature,
  });
}

/** The sealed result of an attempt, or null if it has not been sealed. */
export async function readSealedResult(attemptDir: string, fs: StoreFs = nodeStoreFs): Promise<Result | null> {
  const path = join(attemptDir, RESULT_FILE);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw toStorageError(error, 'read', path);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new VigilError('storage', `${path} is damaged: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
  const parsed = resultSchema.safeParse(json);
  if (!parsed.success) throw new VigilError('storage', `${path} is damaged: ${describeZodError('result', parsed.error).message}`, { file: path });
  return parsed.data;
}
