import { z } from 'zod';
import { identifier, languageSchema } from './exam/examSchema.js';

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
  /**
   * The file's mtime when the editor last read or saved it. When the file on disk has another
   * mtime (the shell changed it meanwhile) the write is refused with 'conflict' instead of
   * overwriting that change; without it the write always goes through ("keep mine", recreate).
   */
  ifMtimeMs: z.number().optional(),
});
export const workspaceWriteResultSchema = z.object({ mtimeMs: z.number() });
/** Files changed on disk (by the shell or the editor), so open editors can refresh. */
export const workspaceChangedEventSchema = z.object({ itemId: identifier, paths: z.array(z.string()) });

/**
 * The candidate's language for a multi-language coding item, picked before its workspace exists.
 * A different language later needs `reset: true`: the workspace starts over from that language's
 * starter and the current files are discarded.
 */
export const workspacePickLanguageParamsSchema = z.strictObject({ itemId: identifier, language: languageSchema, reset: z.boolean().optional() });

/** Running an item's visible tests (its `testCommand`) outside the terminal, for the results panel. */
export const workspaceRunTestsParamsSchema = z.strictObject({ itemId: identifier, language: identifier.optional() });
export const testStatusSchema = z.enum(['pass', 'fail', 'skip', 'todo']);
export const visibleTestSchema = z.object({
  /** The names from the outermost suite down, " > " between. */
  id: z.string(),
  status: testStatusSchema,
  durationMs: z.number().nonnegative().optional(),
  /** The failure's message (first lines), for a failed test. */
  message: z.string().optional(),
  /** Where it failed, relative to the workspace, when the report says. */
  location: z.object({ path: z.string(), line: z.int().min(1) }).optional(),
});
export type VisibleTest = z.infer<typeof visibleTestSchema>;
export const workspaceRunTestsResultSchema = z.object({
  command: z.string(),
  /** Which report the output held; null when it held none (the run crashed, or prints another format). */
  format: z.enum(['tap', 'junit']).nullable(),
  tests: z.array(visibleTestSchema),
  exitCode: z.int().nullable(),
  timedOut: z.boolean(),
  durationMs: z.number().nonnegative(),
  /** The run's output (stdout and stderr as they came), its end kept when long. */
  output: z.string(),
  outputCut: z.boolean(),
});
export type WorkspaceRunTestsResult = z.infer<typeof workspaceRunTestsResultSchema>;
