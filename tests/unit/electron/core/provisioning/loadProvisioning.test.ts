import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProvisioning, readProvisioningFile } from '../../../../../electron/core/provisioning/loadProvisioning.js';
import { formatProblem } from '../../../../../electron/core/package/types.js';
import { defaultProvisioning, updateFeedUrl } from '../../../../../shared/provisioning.js';

const FP = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(':');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-provisioning-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** The system location moved into the temp dir, so no test depends on /etc. */
function loadWith(opts: { configFlag?: string; env?: Record<string, string> } = {}) {
  return loadProvisioning({ platform: 'linux', env: { ...opts.env }, configFlag: opts.configFlag, cwd: dir, systemFiles: [path.join(dir, 'Vigil', 'config.json')] });
}

describe('loadProvisioning', () => {
  it('runs on the defaults (candidate, bundled practice exam, no hub) when no config exists', async () => {
    const r = await loadWith();
    expect(r).toEqual({ ok: true, provisioning: defaultProvisioning(), location: null });
    if (r.ok) expect(updateFeedUrl(r.provisioning)).toEqual({ ok: false, reason: 'no hub is configured, and the hub is the only update source' });
  });

  it('reads the system location, resolving paths against the config folder', async () => {
    await mkdir(path.join(dir, 'Vigil', 'exams', 'lead'), { recursive: true });
    await writeFile(path.join(dir, 'Vigil', 'exams', 'lead', 'exam.json'), '{}');
    await mkdir(path.join(dir, 'Vigil'), { recursive: true });
    const file = await write(path.join('Vigil', 'config.json'), {
      format: 'vigil-config/1',
      role: 'candidate',
      hub: { url: 'https://10.0.0.5:8443', fingerprint: FP },
      updates: { channel: 'beta' },
      defaultExam: 'exams/lead',
      dataDir: '/var/lib/vigil',
    });
    const r = await loadWith();
    expect(r).toEqual({
      ok: true,
      location: { file, explicit: false, via: 'default location' },
      provisioning: {
        source: file,
        role: 'candidate',
        hub: { url: 'https://10.0.0.5:8443', fingerprint: FP.toUpperCase() },
        updates: { channel: 'beta', enabled: true },
        defaultExam: path.join(dir, 'Vigil', 'exams', 'lead'),
        dataDir: path.resolve('/var/lib/vigil'),
      },
    });
    if (r.ok) expect(updateFeedUrl(r.provisioning)).toEqual({ ok: true, url: 'https://10.0.0.5:8443/updates/beta/' });
  });

  it('lets --config win over VIGIL_CONFIG and fails when the named file is missing', async () => {
    await write('env.json', { format: 'vigil-config/1', role: 'proctor' });
    const viaEnv = await loadWith({ env: { VIGIL_CONFIG: 'env.json' } });
    expect(viaEnv.ok && viaEnv.provisioning.role).toBe('proctor');
    const missing = await loadWith({ configFlag: 'nope.json', env: { VIGIL_CONFIG: 'env.json' } });
    expect(missing).toEqual({ ok: false, file: path.join(dir, 'nope.json'), problems: [{ file: path.join(dir, 'nope.json'), path: '', reason: 'no such file (named by --config)' }] });
  });

  it('reports every problem as file: json.path: reason', async () => {
    const file = await write('bad.json', {
      format: 'vigil-config/2',
      hub: { url: 'http://10.0.0.5:8443', fingerprint: 'AA:BB', port: 8443 },
      updates: { channel: '../x', enabled: 'yes' },
      examDir: '/opt/exam',
    });
    const r = await loadWith({ configFlag: 'bad.json' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatProblem)).toEqual([
      `${file}: format: must be "vigil-config/1"`,
      `${file}: role: required: expected one of "candidate"|"proctor"`,
      `${file}: hub.url: plain http is only allowed for a hub on this machine (localhost); use https for 10.0.0.5`,
      `${file}: hub.fingerprint: must be a SHA-256 fingerprint: 32 hex pairs separated by ":" (AA:BB:…)`,
      `${file}: hub.port: unknown key (allowed here: url, fingerprint)`,
      `${file}: updates.channel: must be 1 to 64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "stable", "beta")`,
      `${file}: updates.channel: must not contain ".."`,
      `${file}: updates.enabled: Invalid input: expected boolean, received string`,
      `${file}: examDir: unknown key (allowed here: format, role, hub, updates, defaultExam, dataDir)`,
    ]);
  });

  it('locates JSON syntax errors', async () => {
    const file = await write('syntax.json', '{\n  "format": "vigil-config/1",\n  "role": "candidate",\n}\n');
    const r = await readProvisioningFile(file);
    expect(r).toEqual({ kind: 'invalid', problems: [{ file, path: '', reason: 'invalid JSON at line 4, column 1: expected a double-quoted property name, found "}"' }] });
  });

  it('refuses a default exam folder without exam.json, and a data folder that is a file', async () => {
    await write('data', 'not a folder');
    const file = await write('paths.json', { format: 'vigil-config/1', role: 'candidate', defaultExam: 'missing-exam', dataDir: 'data' });
    const r = await readProvisioningFile(file);
    expect(r.kind === 'invalid' && r.problems.map(formatProblem)).toEqual([
      `${file}: defaultExam: no exam package at ${path.join(dir, 'missing-exam')} (it has no exam.json)`,
      `${file}: dataDir: ${path.join(dir, 'data')} exists and is not a folder`,
    ]);
  });

  it('accepts plain http to a hub on this machine, and a feed that is switched off', async () => {
    const file = await write('local.json', { format: 'vigil-config/1', role: 'candidate', hub: { url: 'http://127.0.0.1:8443' }, updates: { enabled: false } });
    const r = await readProvisioningFile(file);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.provisioning.updates).toEqual({ channel: 'stable', enabled: false });
    expect(updateFeedUrl(r.provisioning)).toEqual({ ok: false, reason: 'updates are disabled in the provisioning config' });
  });

  it('forgives a fingerprint copied without colons or in lowercase, and keeps it as AA:BB:…', async () => {
    const file = await write('bare.json', { format: 'vigil-config/1', role: 'candidate', hub: { url: 'https://hub.local:8443', fingerprint: FP.replace(/:/g, '').toLowerCase() } });
    const r = await readProvisioningFile(file);
    expect(r.kind === 'ok' && r.provisioning.hub).toEqual({ url: 'https://hub.local:8443', fingerprint: FP.toUpperCase() });
  });

  it('refuses a fingerprint with plain http, and a URL with credentials', async () => {
    const file = await write('pin.json', { format: 'vigil-config/1', role: 'proctor', hub: { url: 'http://user:pw@localhost:8443/?a=1', fingerprint: FP } });
    const r = await readProvisioningFile(file);
    expect(r.kind === 'invalid' && r.problems.map((p) => `${p.path}: ${p.reason}`)).toEqual([
      'hub.url: must not contain a user name or password',
      'hub.url: must not contain a query or a fragment',
      'hub.fingerprint: a certificate fingerprint needs an https hub url',
    ]);
  });
});
