/**
 * A workspace a candidate filled with 2,200 nested folders (issue 15, point 3), through the real
 * `vigil serve`: the submit seals anyway, the result names what was left out, and a host restarted
 * on an attempt left at `submitted` starts and seals it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAttemptStore } from '../../../electron/core/store/attemptStore.js';
import { resultSchema } from '../../../shared/result.js';
import { startCliServer } from '../../support/cliProcess.js';
import { connectHostApi } from '../../support/hostApi.js';
import { demoExamDir } from '../../support/paths.js';

let tmp: string;
let dataDir: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-deep-'));
  dataDir = join(tmp, 'data');
});
afterEach(async () => {
  // rm -rf copes with paths longer than PATH_MAX (it walks with relative paths).
  execFileSync('rm', ['-rf', tmp]);
});

async function host() {
  const server = await startCliServer(['serve', '--exam', demoExamDir, '--data', dataDir]);
  const client = connectHostApi(server.url);
  return {
    api: client.api,
    async stop() {
      client.close();
      expect(await server.stop()).toBe(0);
    },
  };
}

/** 2,200 folders, one inside the other, made the way a shell loop would (relative steps, 100 at a time). */
function nestFolders(workspace: string): void {
  const step = Array.from({ length: 100 }, () => 'd').join('/');
  execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 22); do mkdir -p ${step} && cd ${step} || exit 1; done && echo deep > bottom.txt`, 'nest', workspace]);
}

async function startedWithWorkspace() {
  const h = await host();
  const view = await h.api.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
  await h.api.completePreflight({});
  await h.api.startAttempt({});
  await h.api.workspaceWrite({ itemId: 'sum-function', path: 'sum.js', content: 'module.exports = (a) => a.reduce((s, x) => s + x, 0);\n' });
  const dir = join(dataDir, 'attempts', view.attemptId);
  nestFolders(join(dir, 'workspace', 'sum-function'));
  return { h, dir };
}

async function sealedResult(dir: string) {
  return resultSchema.parse(JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')));
}

describe('a deep folder tree in the workspace', () => {
  it('does not stop the submit: the result seals with the rest of the workspace and says what was left out', async () => {
    const { h, dir } = await startedWithWorkspace();
    try {
      await h.api.submitAttempt({});
      expect((await h.api.getAttempt({}))?.state).toBe('sealed');
    } finally {
      await h.stop();
    }
    const result = await sealedResult(dir);
    const ws = result.workspaces['sum-function'];
    expect(ws?.skipped?.[0]).toMatchObject({ reason: expect.stringContaining('nested deeper than 64 folders') });
    const listing = execFileSync('tar', ['-tzf', '-'], { input: Buffer.from(ws?.archive ?? '', 'base64') }).toString();
    expect(listing).toContain('sum.js');
  });

  it('an attempt left at submitted with such a workspace does not stop the host from starting; it is sealed on start', async () => {
    const { h, dir } = await startedWithWorkspace();
    await h.stop();
    // The app died between the submit entry and the seal.
    const store = await openAttemptStore({ dir });
    await store.appendEntry('state', { from: 'in-progress', to: 'submitted', reason: 'candidate' });
    await store.close();

    const again = await host();
    try {
      expect((await again.api.getAttempt({}))?.state).toBe('sealed');
    } finally {
      await again.stop();
    }
    expect((await sealedResult(dir)).workspaces['sum-function']?.skipped?.length).toBeGreaterThan(0);
  });
});
