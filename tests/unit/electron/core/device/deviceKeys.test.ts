import { createPublicKey, sign, verify } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEVICE_FILE, loadOrCreateDevice, resetDevice, type KeyProtector } from '../../../../../electron/core/device/deviceKeys.js';
import { VigilError } from '../../../../../shared/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'vigil-device-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A reversible stand-in for safeStorage that also counts its calls. */
function fakeProtector(): KeyProtector & { encrypts: number; decrypts: number } {
  const mask = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a));
  const p = {
    encrypts: 0,
    decrypts: 0,
    encrypt(b: Buffer) {
      p.encrypts++;
      return Buffer.concat([Buffer.from('ENC:'), mask(b)]);
    },
    decrypt(b: Buffer) {
      p.decrypts++;
      if (!b.subarray(0, 4).equals(Buffer.from('ENC:'))) throw new Error('not ours');
      return mask(b.subarray(4));
    },
  };
  return p;
}

async function expectVigil(promise: Promise<unknown>, code: string): Promise<VigilError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VigilError);
  expect((error as VigilError).code).toBe(code);
  return error as VigilError;
}

function signsFor(device: { privateKey: import('node:crypto').KeyObject }, publicKeyPem: string): boolean {
  const msg = Buffer.from('vigil');
  return verify(null, msg, createPublicKey(publicKeyPem), sign(null, msg, device.privateKey));
}

describe('device identity', () => {
  it('is created once, then reused with the same id and key', async () => {
    const appData = join(dir, 'nested', 'appData');
    const first = await loadOrCreateDevice(appData, { now: () => Date.UTC(2025, 4, 1) });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(first.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(first.createdAt).toBe('2025-05-01T00:00:00.000Z');
    const second = await loadOrCreateDevice(appData);
    expect(second.id).toBe(first.id);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
    expect(second.privateKey.export({ type: 'pkcs8', format: 'pem' })).toBe(first.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(signsFor(second, first.publicKeyPem)).toBe(true);
    expect((await fsp.readdir(appData)).sort()).toEqual([DEVICE_FILE]);
  });

  it('stores a plain key in a mode 0600 file and tightens a looser mode', async () => {
    await loadOrCreateDevice(dir);
    const path = join(dir, DEVICE_FILE);
    const stored = JSON.parse(await fsp.readFile(path, 'utf8')) as { privateKey: { storage: string; pem: string } };
    expect(stored.privateKey.storage).toBe('plain');
    expect(stored.privateKey.pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    // Windows has no POSIX modes; the plain-key layout above is still checked there.
    if (process.platform === 'win32') return;
    expect((await fsp.stat(path)).mode & 0o777).toBe(0o600);
    await fsp.chmod(path, 0o644);
    await loadOrCreateDevice(dir);
    expect((await fsp.stat(path)).mode & 0o777).toBe(0o600);
  });

  it('encrypts the private key with the injected protector and decrypts it on load', async () => {
    const protect = fakeProtector();
    const created = await loadOrCreateDevice(dir, { protect });
    expect(protect.encrypts).toBe(1);
    const text = await fsp.readFile(join(dir, DEVICE_FILE), 'utf8');
    expect(text).not.toContain('PRIVATE KEY');
    expect(JSON.parse(text)).toMatchObject({ privateKey: { storage: 'protected' } });
    const loaded = await loadOrCreateDevice(dir, { protect });
    expect(protect.decrypts).toBe(1);
    expect(loaded.id).toBe(created.id);
    expect(signsFor(loaded, created.publicKeyPem)).toBe(true);
  });

  it('a protected key cannot be used without the protector', async () => {
    await loadOrCreateDevice(dir, { protect: fakeProtector() });
    await expectVigil(loadOrCreateDevice(dir), 'unavailable');
  });

  it('a key the protector cannot decrypt is a storage error, and the file is kept', async () => {
    await loadOrCreateDevice(dir, { protect: fakeProtector() });
    const before = await fsp.readFile(join(dir, DEVICE_FILE));
    const failing: KeyProtector = {
      encrypt: (b) => b,
      decrypt: () => {
        throw new Error('keychain locked');
      },
    };
    const error = await expectVigil(loadOrCreateDevice(dir, { protect: failing }), 'storage');
    expect(error.message).toContain('keychain locked');
    expect(await fsp.readFile(join(dir, DEVICE_FILE))).toEqual(before);
  });

  it('upgrades a plain key to a protected one, keeping the identity', async () => {
    const plain = await loadOrCreateDevice(dir);
    const protect = fakeProtector();
    const upgraded = await loadOrCreateDevice(dir, { protect });
    expect(upgraded.id).toBe(plain.id);
    expect(upgraded.publicKeyPem).toBe(plain.publicKeyPem);
    expect(protect.encrypts).toBe(1);
    expect(await fsp.readFile(join(dir, DEVICE_FILE), 'utf8')).not.toContain('PRIVATE KEY');
    expect((await loadOrCreateDevice(dir, { protect })).id).toBe(plain.id);
  });

  it('concurrent first runs agree on one identity', async () => {
    const devices = await Promise.all([loadOrCreateDevice(dir), loadOrCreateDevice(dir), loadOrCreateDevice(dir)]);
    expect(new Set(devices.map((d) => d.id)).size).toBe(1);
    expect(new Set(devices.map((d) => d.publicKeyPem)).size).toBe(1);
    expect((await fsp.readdir(dir)).sort()).toEqual([DEVICE_FILE]);
  });
});

describe('damaged device.json', () => {
  const damages: Array<[string, RegExp, (text: string) => string]> = [
    ['truncated', /not JSON/, (t) => t.slice(0, t.length / 2)],
    ['empty', /not JSON/, () => ''],
    ['not an object', /expected object/, () => '[]'],
    ['bad id', /^id: /, (t) => t.replace(/"id": "[^"]+"/, '"id": "x"')],
    ['garbled private key', /unreadable private key/, (t) => t.replace(/(BEGIN PRIVATE KEY-----\\n)(.{10})/, '$1AAAAAAAAAA')],
    [
      'key pair mismatch',
      /does not belong/,
      (t) => {
        const doc = JSON.parse(t) as { publicKey: string };
        doc.publicKey = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';
        return JSON.stringify(doc);
      },
    ],
  ];

  it.each(damages)('%s: fails with a clear storage error and leaves the file as it was', async (_name, reason, damage) => {
    await loadOrCreateDevice(dir);
    const path = join(dir, DEVICE_FILE);
    const damagedText = damage(await fsp.readFile(path, 'utf8'));
    await fsp.writeFile(path, damagedText);
    const error = await expectVigil(loadOrCreateDevice(dir), 'storage');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/damaged/);
    expect((error.details as { reason: string }).reason).toMatch(reason);
    expect(await fsp.readFile(path, 'utf8')).toBe(damagedText);
  });

  it('resetDevice quarantines the damaged file, then a new identity is created', async () => {
    const old = await loadOrCreateDevice(dir);
    const path = join(dir, DEVICE_FILE);
    await fsp.writeFile(path, '{"torn');
    const quarantined = await resetDevice(dir, { now: () => Date.UTC(2025, 4, 1, 12) });
    expect(quarantined).toBe(join(dir, 'quarantine', 'device.json.2025-05-01T12-00-00-000Z'));
    expect(await fsp.readFile(quarantined!, 'utf8')).toBe('{"torn');
    const fresh = await loadOrCreateDevice(dir);
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.publicKeyPem).not.toBe(old.publicKeyPem);
    expect(await resetDevice(join(dir, 'nothing-here'))).toBeNull();
  });
});
