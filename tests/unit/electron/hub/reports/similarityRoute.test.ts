import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveWorkspace, toResultWorkspace } from '../../../../../electron/core/workspace/archiveWorkspace.js';
import { cohortReplySchema } from '../../../../../shared/hub/cohort.js';
import { similarityReplySchema } from '../../../../../shared/hub/similarity.js';
import { repoRoot } from '../../../../support/paths.js';
import { call } from '../support/inject.js';
import { DEMO_ANSWERS, DEMO_EXAM, startTestHub, type TestHub } from '../support/hubFixture.js';
import { proctorToken, submitCandidate } from './reportHub.js';

const P = '/api/v1/proctor/exams/demo';

describe('GET /api/v1/proctor/exams/:examId/similarity', () => {
  let hub: TestHub;
  let proctor: string;
  let tmp: string;
  beforeEach(async () => {
    hub = await startTestHub();
    proctor = await proctorToken(hub);
    tmp = await mkdtemp(join(tmpdir(), 'vigil-similarity-'));
  });
  afterEach(async () => {
    await hub.dispose();
    await rm(tmp, { recursive: true, force: true });
  });

  /** The demo's starter workspace with one fixture file added as the candidate's own code. */
  async function workspace(name: string, fixture: string) {
    const dir = join(tmp, name);
    await cp(join(DEMO_EXAM, 'tasks', 'sum', 'starter'), dir, { recursive: true });
    await writeFile(join(dir, 'lru.js'), await readFile(join(repoRoot, 'tests', 'fixtures', 'similarity', `${fixture}.js`)));
    return { 'sum-function': toResultWorkspace(await archiveWorkspace(dir)) };
  }

  it('flags the near-copies from the results’ workspace archives, on both attempts, and not the independent one', async () => {
    const ada = await submitCandidate(hub, 'c-ada', DEMO_ANSWERS, { workspaces: await workspace('ada', 'original') });
    const brian = await submitCandidate(hub, 'c-brian', DEMO_ANSWERS, { workspaces: await workspace('brian', 'nearCopy') });
    const chen = await submitCandidate(hub, 'c-chen', DEMO_ANSWERS, { workspaces: await workspace('chen', 'independent') });
    await hub.gradingIdle();

    const reply = similarityReplySchema.parse((await call(hub, 'GET', `${P}/similarity`, { token: proctor })).json);
    expect(reply.items).toEqual([{ itemId: 'sum-function', title: expect.stringContaining('sum.js') as unknown as string, submissions: 3 }]);
    expect(reply.pairs.map((p) => [p.a, p.b].sort())).toEqual([[ada, brian].sort()]);
    expect(reply.pairs[0]?.regions[0]?.a.file).toBe('lru.js');
    expect(reply.unreadable).toEqual([]);

    const cohort = cohortReplySchema.parse((await call(hub, 'GET', `${P}/cohort`, { token: proctor })).json);
    const flags = Object.fromEntries(cohort.rows.map((r) => [r.attemptId, r.similarityFlags]));
    expect(flags).toEqual({ [ada]: 1, [brian]: 1, [chen]: 0 });
  });
});
