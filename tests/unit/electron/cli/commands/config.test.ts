import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../../../electron/cli/commands/config.js';
import { runCaptured } from '../../../../fixtures/packages/runCommand.js';

const FP = 'AB:'.repeat(31) + 'AB';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-config-cli-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

describe('vigil config check', () => {
  it('exits 0 with a summary of what the app will do', async () => {
    const file = await write('config.json', { format: 'vigil-config/1', role: 'candidate', hub: { url: 'https://10.0.0.5:8443', fingerprint: FP }, updates: { channel: 'beta' } });
    const r = await runCaptured(run, ['check', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `${file}: valid vigil-config/1`,
        '  role:         candidate',
        `  hub:          https://10.0.0.5:8443 (certificate pinned: ${FP})`,
        '  updates:      channel beta, from https://10.0.0.5:8443/updates/beta/',
        '  exam:         the bundled practice exam',
        "  data folder:  the system's user-data folder",
        '',
      ].join('\n'),
    );
  });

  it('exits 1 and prints every problem', async () => {
    const file = await write('bad.json', { format: 'vigil-config/1', role: 'student', hub: { url: 'ftp://hub' }, extra: true });
    const r = await runCaptured(run, ['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `${file}: role: Invalid option: expected one of "candidate"|"proctor"`,
      `${file}: hub.url: must use https (or http on this machine), not ftp`,
      `${file}: extra: unknown key (allowed here: format, role, hub, updates, defaultExam, dataDir)`,
      `vigil config: 3 problems in ${file}`,
      '',
    ]);
  });

  it('exits 1 for a missing file', async () => {
    const missing = path.join(dir, 'none.json');
    const r = await runCaptured(run, ['check', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vigil config: ${missing}: no such file\n`);
  });

  it('without a file, checks the one named by VIGIL_CONFIG', async () => {
    const file = await write('env.json', { format: 'vigil-config/1', role: 'proctor', updates: { enabled: false } });
    vi.stubEnv('VIGIL_CONFIG', file);
    const r = await runCaptured(run, ['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  role:         proctor\n');
    expect(r.stdout).toContain('  updates:      off: updates are disabled in the provisioning config\n');
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCaptured(run, [])).stderr).toBe('vigil config: missing subcommand\nusage: vigil config check [<file>]\n');
    const unknown = await runCaptured(run, ['show']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^vigil config: unknown subcommand "show"/);
    expect((await runCaptured(run, ['check', 'a.json', 'b.json'])).code).toBe(2);
    expect((await runCaptured(run, ['check', '--json'])).code).toBe(2);
  });
});
