import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VigilError } from '../../../shared/errors.js';
import { writeFileDurable } from '../../base/fsyncWrite.js';
import { moveToQuarantine } from '../store/quarantine.js';
import { toStorageError } from '../../base/storageError.js';
import { errnoCode, nodeStoreFs, type StoreFs } from '../../base/storeFs.js';
import { writeFileOnce } from './writeFileOnce.js';

/**
 * `<appData>/device.json` (DESIGN 5): this machine's identity, an id and an Ed25519 key pair. The
 * hub learns the public key at enrollment and checks every result signature against it.
 *
 * The private key is PKCS8 PEM, encrypted by the injected `protect` (Electron's safeStorage, i.e.
 * the OS keychain, in the desktop app) or stored plain in a mode 0600 file (headless host). A plain
 * key found by a process that has `protect` is re-encrypted in place, keeping the identity.
 *
 * A damaged device.json is *not* replaced automatically: a new key would orphan every attempt
 * enrolled with the old one (its result would fail verification at the hub). Loading fails with
 * VigilError('storage') and leaves the file alone; `resetDevice` is the deliberate way out (an
 * operator's decision): it moves the file to `<appData>/quarantine/` (never deletes it) and the
 * next load creates a new identity.
 */
export const DEVICE_FILE = 'device.json';
export const DEVICE_FORMAT = 'vigil-device/1';

export interface KeyProtector {
  encrypt(plain: Buffer): Buffer;
  decrypt(encrypted: Buffer): Buffer;
}

export interface Device {
  id: string;
  /** Ed25519 public key, SPKI PEM: what enrollment sends as `devicePublicKey`. */
  publicKeyPem: string;
  privateKey: KeyObject;
  createdAt: string;
}

const deviceFileSchema = z.strictObject({
  format: z.literal(DEVICE_FORMAT),
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  publicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
  privateKey: z.discriminatedUnion('storage', [
    z.strictObject({ storage: z.literal('plain'), pem: z.string().startsWith('-----BEGIN PRIVATE KEY-----') }),
    z.strictObject({ storage: z.literal('protected'), data: z.base64().min(1) }),
  ]),
});
type DeviceFile = z.infer<typeof deviceFileSchema>;

export interface DeviceOptions {
  protect?: KeyProtector;
  /** Wall clock for createdAt and quarantine names. */
  now?: () => number;
  fs?: StoreFs;
}

export function devicePath(appDataDir: string): string {
  return join(appDataDir, DEVICE_FILE);
}

/** The device identity, created on first run. Throws VigilError('storage') if device.json is damaged. */
export async function loadOrCreateDevice(appDataDir: string, opts: DeviceOptions = {}): Promise<Device> {
  const fs = opts.fs ?? nodeStoreFs;
  const path = devicePath(appDataDir);
  const existing = await readIfExists(path, fs);
  if (existing !== null) return openDevice(path, existing, opts);

  try {
    await fs.mkdir(appDataDir);
  } catch (error) {
    throw toStorageError(error, 'create the folder', appDataDir);
  }
  const { device, file } = newDevice(opts);
  const outcome = await writeFileOnce(path, serialise(file), fs);
  if (outcome === 'created') return device;
  // Another process created it first: its identity is the one, ours is dropped unused.
  const raced = await readIfExists(path, fs);
  if (raced === null) throw new VigilError('storage', `${path} disappeared while it was being created`, { file: path });
  return openDevice(path, raced, opts);
}

/**
 * Moves device.json to `<appData>/quarantine/` so the next load creates a new identity. Attempts
 * enrolled with the old key can no longer be signed for; call only on an operator's decision.
 * Returns the quarantine path, or null if there was no device.json.
 */
export async function resetDevice(appDataDir: string, opts: Pick<DeviceOptions, 'now' | 'fs'> = {}): Promise<string | null> {
  const fs = opts.fs ?? nodeStoreFs;
  const path = devicePath(appDataDir);
  if (!(await fs.exists(path))) return null;
  return moveToQuarantine(appDataDir, path, DEVICE_FILE, (opts.now ?? Date.now)(), fs);
}

function newDevice(opts: DeviceOptions): { device: Device; file: DeviceFile } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const id = randomUUID();
  const createdAt = new Date((opts.now ?? Date.now)()).toISOString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const file: DeviceFile = {
    format: DEVICE_FORMAT,
    id,
    createdAt,
    publicKey: publicKeyPem,
    privateKey: opts.protect
      ? { storage: 'protected', data: opts.protect.encrypt(Buffer.from(privatePem, 'utf8')).toString('base64') }
      : { storage: 'plain', pem: privatePem },
  };
  return { device: { id, publicKeyPem, privateKey, createdAt }, file };
}

function serialise(file: DeviceFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

async function readIfExists(path: string, fs: StoreFs): Promise<Buffer | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw toStorageError(error, 'read', path);
  }
}

function damaged(path: string, reason: string): VigilError {
  return new VigilError(
    'storage',
    `the device identity in ${path} is damaged (${reason}). It is not replaced automatically because a new key would invalidate attempts enrolled on this device; reset the device deliberately to create a new one.`,
    { file: path, reason },
  );
}

async function openDevice(path: string, bytes: Buffer, opts: DeviceOptions): Promise<Device> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw damaged(path, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = deviceFileSchema.safeParse(json);
  if (!parsed.success) throw damaged(path, parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '$'}: ${i.message}`).join('; '));
  const file = parsed.data;

  let privatePem: string;
  if (file.privateKey.storage === 'protected') {
    if (!opts.protect) {
      throw new VigilError('unavailable', `the device key in ${path} is encrypted with the OS keychain, which this process cannot use`, { file: path });
    }
    try {
      privatePem = opts.protect.decrypt(Buffer.from(file.privateKey.data, 'base64')).toString('utf8');
    } catch (error) {
      throw new VigilError('storage', `could not decrypt the device key in ${path}: ${error instanceof Error ? error.message : String(error)}`, { file: path });
    }
  } else {
    privatePem = file.privateKey.pem;
  }

  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privatePem);
  } catch (error) {
    throw damaged(path, `unreadable private key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw damaged(path, `the private key is ${privateKey.asymmetricKeyType ?? 'unknown'}, not ed25519`);
  const derivedPublic = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  if (derivedPublic !== file.publicKey) throw damaged(path, 'the public key does not belong to the private key');

  if (file.privateKey.storage === 'plain') {
    if (opts.protect) {
      await writeFileDurable(path, serialise({ ...file, privateKey: { storage: 'protected', data: opts.protect.encrypt(Buffer.from(privatePem, 'utf8')).toString('base64') } }), opts.fs ?? nodeStoreFs);
    } else {
      await tightenMode(path);
    }
  }
  return { id: file.id, publicKeyPem: file.publicKey, privateKey, createdAt: file.createdAt };
}

/** A plain key file copied or restored with a looser mode is brought back to 0600 (POSIX only). */
async function tightenMode(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const { mode } = await fsp.stat(path);
    if ((mode & 0o077) !== 0) await fsp.chmod(path, 0o600);
  } catch (error) {
    throw toStorageError(error, 'restrict the permissions of', path);
  }
}
