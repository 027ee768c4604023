import { z } from 'zod';
import { identifier } from './exam/examSchema.js';

/** Workspace file access for the editor: paths are relative to the item's workspace, forward slashes. */
export const workspacePathSchema = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === '' || s === '.'), 'must be a relative path inside the workspace');

export const workspaceEntrySchema = z.object({
  path: z.string(),
  kind: z.enum(['file', 'dir']),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
});
export type WorkspaceEntry = z.infer<typeof workspaceEntrySchema>;

export const workspaceListParamsSchema = z.strictObject({ itemId: identifier });
export const workspaceListResultSchema = z.object({ entries: z.array(workspaceEntrySchema), truncated: z.boolean() });
export const workspaceReadParamsSchema = z.strictObject({ itemId: identifier, path: workspacePathSchema });
export const workspaceReadResultSchema = z.object({ content: z.string(), mtimeMs: z.number() });
/** Editor files are text; 1 MB is far above any source file a task needs. */
export const WORKSPACE_MAX_FILE_CHARS = 1_000_000;
export const workspaceWriteParamsSchema = z.strictObject({
  itemId: identifier,
  path: workspacePathSchema,
  content: z.string().max(WORKSPACE_MAX_FILE_CHARS),
});
export const workspaceWriteResultSchema = z.object({ mtimeMs: z.number() });
/** Files changed on disk (by the shell or the editor), so open editors can refresh. */
export const workspaceChangedEventSchema = z.object({ itemId: identifier, paths: z.array(z.string()) });
