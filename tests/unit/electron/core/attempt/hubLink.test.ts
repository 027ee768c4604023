import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policySchema } from '../../../../../shared/exam/policy.js';
import { HUB_LINK_FILE, readHubLink, writeHubLink, type HubLink } from '../../../../../electron/core/attempt/hubLink.js';

describe('hub link', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-hublink-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is null for an attempt that never enrolled', async () => {
    expect(await readHubLink(dir)).toBeNull();
  });

  it('reads back what enrollment wrote', async () => {
    const link: HubLink = { format: 'vigil-hub-link/1', hubUrl: 'https://hub.local:8443', fingerprint: 'AA:BB', token: 't0k3n', policy: policySchema.parse({}) };
    await writeHubLink(dir, link);
    expect(await readHubLink(dir)).toEqual(link);
  });

  it('reports a damaged file as a storage error naming it', async () => {
    await writeFile(join(dir, HUB_LINK_FILE), '{"format": "vigil-hub-li');
    await expect(readHubLink(dir)).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining(HUB_LINK_FILE) });
    await writeFile(join(dir, HUB_LINK_FILE), '{"format": "other"}');
    await expect(readHubLink(dir)).rejects.toMatchObject({ code: 'storage' });
  });
});
