import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../../support/paths.js';

/**
 * The fuses of packaged builds (DESIGN 6): the configuration in build/fuses.mjs, the
 * electron-builder hook that applies it, and the hook actually flipping a fuse wire. The build
 * scripts are plain JavaScript run by electron-builder, so they are loaded by URL and their shape
 * checked here rather than imported with types.
 */
/** Electron's fuse wire: a sentinel, a version byte, a length byte, then ASCII '0' / '1' per fuse. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;

const fuseConfigSchema = z.object({ version: z.literal(FuseVersion.V1) }).catchall(z.boolean());
const hookModuleSchema = z.object({
  afterPack: z.custom<(context: unknown) => Promise<void>>((v) => typeof v === 'function'),
  electronBinaryPath: z.custom<(context: unknown) => string>((v) => typeof v === 'function'),
});

async function load(file: string): Promise<unknown> {
  const module: unknown = await import(pathToFileURL(join(repoRoot, 'build', file)).href);
  return module;
}

const context = (appOutDir: string, electronPlatformName: string) => ({
  appOutDir,
  electronPlatformName,
  packager: { executableName: 'vigil', appInfo: { productFilename: 'Vigil' } },
});

describe('Electron fuses', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect; load only an integrity-checked app.asar', async () => {
    const { FUSE_CONFIG } = z.object({ FUSE_CONFIG: fuseConfigSchema }).parse(await load('fuses.mjs'));
    expect(FUSE_CONFIG[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSE_CONFIG[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSE_CONFIG[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSE_CONFIG[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSE_CONFIG[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(FUSE_CONFIG[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(FUSE_CONFIG[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('set every fuse this version of @electron/fuses knows, so none is left to the default', async () => {
    const { FUSE_CONFIG } = z.object({ FUSE_CONFIG: fuseConfigSchema }).parse(await load('fuses.mjs'));
    const known = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    for (const fuse of known) expect(typeof FUSE_CONFIG[fuse], FuseV1Options[fuse]).toBe('boolean');
  });

  it('are applied by the afterPack hook electron-builder.yml names', async () => {
    const yml = await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8');
    expect(/^afterPack:\s*(\S+)\s*$/m.exec(yml)?.[1]).toBe('./build/afterPack.mjs');
  });

  describe('the hook on a packed app', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'vigil-fuses-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('flips the fuse wire of the Electron binary', async () => {
      const hook = hookModuleSchema.parse(await load('afterPack.mjs'));
      // A stand-in binary with Electron's default wire: RunAsNode, NODE_OPTIONS, --inspect and file://
      // privileges on; cookie encryption, asar integrity, asar-only and the V8 snapshot off.
      const defaults = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE));
      const binary = Buffer.concat([Buffer.from('\x7fELF...code...'), Buffer.from(SENTINEL), Buffer.from([1, defaults.length, ...defaults]), Buffer.from('...more code')]);
      await writeFile(join(dir, 'vigil'), binary);

      await hook.afterPack(context(dir, 'linux'));

      const wire = await getCurrentFuseWire(join(dir, 'vigil'));
      const state = (fuse: FuseV1Options) => (wire as unknown as Record<number, number>)[fuse];
      expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
      expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
      expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
      expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
      expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
      expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
      expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
      // Only the wire changed.
      const after = await readFile(join(dir, 'vigil'));
      expect(after.length).toBe(binary.length);
      expect(after.subarray(0, 14)).toEqual(binary.subarray(0, 14));
    });

    it('finds the binary on every platform', async () => {
      const hook = hookModuleSchema.parse(await load('afterPack.mjs'));
      expect(hook.electronBinaryPath(context('/out', 'linux'))).toBe(join('/out', 'vigil'));
      expect(hook.electronBinaryPath(context('/out', 'win32'))).toBe(join('/out', 'Vigil.exe'));
      expect(hook.electronBinaryPath(context('/out', 'darwin'))).toBe(join('/out', 'Vigil.app'));
    });
  });
});
