/**
 * The installers cannot be built here (no Electron binary, no network for electron-builder's
 * downloads), so the config is checked the way electron-builder itself would: loaded with its own
 * loader and validated against its own schema, then the fields issue 9 asks for.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from 'app-builder-lib/out/util/config/load.js';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

let config: Configuration;
beforeAll(async () => {
  const read = await getConfig<Configuration>({ packageKey: 'build', configFilename: 'electron-builder', projectDir: repoRoot, packageMetadata: null });
  if (!read) throw new Error('electron-builder found no configuration');
  expect(read.configFile).toBe(path.join(repoRoot, 'electron-builder.yml'));
  config = read.result;
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The asarUnpack globs used here end in `/**`: a file is unpacked when it lies under one's folder. */
function unpacked(relFile: string): boolean {
  const globs = (config.asarUnpack ?? []) as string[];
  return globs.some((g) => g.endsWith('/**') && relFile.startsWith(g.slice(0, -2)));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined } as never)).resolves.toBeUndefined();
  });

  it('builds AppImage and deb on Linux, NSIS on Windows, dmg (plus the zip electron-updater needs) on macOS', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
  });

  it('signs macOS builds with the hardened runtime and the entitlements in build/', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toMatch(/^build\/entitlements\.mac(\.inherit)?\.plist$/);
      const xml = readFileSync(path.join(repoRoot, file as string), 'utf8');
      expect(xml).toContain('<key>com.apple.security.cs.allow-jit</key>');
      // Nothing broader than the JIT: no library-validation bypass, no DYLD variables, no App Sandbox inheritance.
      expect(xml.match(/<key>/g)).toHaveLength(1);
    }
  });

  it('names artifacts with the product, version, system and architecture', () => {
    expect(config.artifactName).toBe('${productName}-${version}-${os}-${arch}.${ext}');
  });

  it('unpacks node-pty and the sql.js wasm the SQL runner reads from disk', () => {
    const require = createRequire(path.join(repoRoot, 'electron', 'core', 'sql', 'sqlRunner.ts'));
    const wasm = path.relative(repoRoot, require.resolve('sql.js/dist/sql-wasm.wasm')).split(path.sep).join('/');
    const loader = path.relative(repoRoot, require.resolve('sql.js')).split(path.sep).join('/');
    expect(unpacked(wasm)).toBe(true);
    expect(unpacked(loader)).toBe(true);
    expect(unpacked('node_modules/node-pty/build/Release/pty.node')).toBe(true);
    expect(unpacked('node_modules/zod/index.js')).toBe(false);
  });

  it('ships the exam packages outside the asar archive', () => {
    expect(config.extraResources).toEqual([{ from: 'resources/exams', to: 'exams' }]);
  });

  it('publishes generic update metadata whose placeholder URL the app replaces with the provisioned hub feed', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: 'http://localhost:8443/updates/${channel}', channel: 'latest' }]);
    expect(config.detectUpdateChannel).toBe(false);
  });

  it('has 512x512 and 256x256 PNG icons in build/icons', () => {
    expect(config.icon).toBe('build/icons/512x512.png');
    expect(config.linux?.icon).toBe('build/icons');
    expect(pngSize(path.join(repoRoot, 'build', 'icons', '512x512.png'))).toEqual({ width: 512, height: 512 });
    expect(pngSize(path.join(repoRoot, 'build', 'icons', '256x256.png'))).toEqual({ width: 256, height: 256 });
  });

  it('points afterPack, when set, at a file that exists', () => {
    const hook = config.afterPack;
    if (typeof hook === 'string') expect(existsSync(path.join(repoRoot, hook))).toBe(true);
    else expect(hook ?? null).toBeNull();
  });
});
