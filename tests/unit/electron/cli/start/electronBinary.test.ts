import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeElectron } from '../../../../../electron/cli/start/electronBinary.js';

describe('probeElectron', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-probe-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the binary under ELECTRON_OVERRIDE_DIST_PATH, as the electron package does', async () => {
    const binary = join(dir, 'electron');
    await writeFile(binary, '#!/bin/sh\n');
    await chmod(binary, 0o755);
    expect(probeElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir }, 'linux')).toEqual({ kind: 'present', binary });
  });

  it('reports a missing binary with the electron package folder to fetch it with, and never requires electron', async () => {
    const probe = probeElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir }, 'linux');
    expect(probe.kind).toBe('missing');
    if (probe.kind !== 'missing') return;
    expect(probe.reason).toBe(`no Electron binary at ${join(dir, 'electron')} (ELECTRON_OVERRIDE_DIST_PATH)`);
    expect(probe.packageDir).toMatch(/node_modules[/\\]electron$/);
  });
});
