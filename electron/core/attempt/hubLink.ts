import { join } from 'node:path';
import { z } from 'zod';
import { VigilError } from '../../../shared/errors.js';
import { policySchema } from '../../../shared/exam/policy.js';
import { writeFileDurable } from '../../base/fsyncWrite.js';
import { readJsonIfExists } from '../../base/readJsonIfExists.js';

/**
 * `<attemptDir>/hub.json`: where a proctored attempt syncs and with which token, plus the policy
 * the hub set for it. Written at enrollment (mode 0600 via the durable writer's temp file), read
 * on restart so the attempt reconnects without asking the candidate again.
 */
export const HUB_LINK_FILE = 'hub.json';

export const hubLinkSchema = z.object({
  format: z.literal('vigil-hub-link/1'),
  hubUrl: z.string().url(),
  fingerprint: z.string().optional(),
  token: z.string().min(1),
  policy: policySchema,
});
export type HubLink = z.infer<typeof hubLinkSchema>;

export async function writeHubLink(dir: string, link: HubLink): Promise<void> {
  await writeFileDurable(join(dir, HUB_LINK_FILE), `${JSON.stringify(link, null, 2)}\n`);
}

/** The attempt's hub link, or null for an attempt that never enrolled (practice). */
export async function readHubLink(dir: string): Promise<HubLink | null> {
  const path = join(dir, HUB_LINK_FILE);
  const json = await readJsonIfExists(path);
  if (json === undefined) return null;
  const parsed = hubLinkSchema.safeParse(json);
  if (!parsed.success) throw new VigilError('storage', `${path} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
