import { z } from 'zod';
import { policySchema } from './policy.js';

/**
 * exam.json (DESIGN 4): the delivery part of a package. It never holds answers; those live in
 * key.json, which stays on the hub for proctored exams.
 */
export const EXAM_FORMAT = 'vigil-exam/1';

export const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must start with a letter or digit and use only letters, digits, ".", "_" or "-"');

const markdown = z.string().max(100_000);

/** A path inside the package: relative, forward slashes, no "..", no absolute or drive paths. */
export const packagePath = (prefix: string) =>
  z
    .string()
    .min(prefix.length + 1)
    .max(256)
    .refine((p) => p.startsWith(prefix), `must start with "${prefix}"`)
    .refine((p) => !p.split('/').some((seg) => seg === '..' || seg === '') && !p.includes('\\'), 'must not contain "..", empty segments or backslashes');

const option = z.strictObject({ id: identifier, text: z.string().min(1).max(10_000) });
const uniqueOptions = z
  .array(option)
  .min(2)
  .max(26)
  .refine((opts) => new Set(opts.map((o) => o.id)).size === opts.length, 'option ids must be unique');

const itemBase = {
  id: identifier,
  prompt: markdown.min(1),
  points: z.number().positive().max(1000),
  /**
   * The skills this item measures: a list splits its points evenly, a record gives each skill's
   * share (summing to 1; lint checks). See skillShares.ts.
   */
  skills: z.union([z.array(identifier).max(20), z.record(identifier, z.number().positive().max(1))]).default([]),
};

export const singleChoiceItem = z.strictObject({
  ...itemBase,
  type: z.literal('single-choice'),
  options: uniqueOptions,
  shuffle: z.boolean().optional(),
});
export const multipleChoiceItem = z.strictObject({
  ...itemBase,
  type: z.literal('multiple-choice'),
  options: uniqueOptions,
  shuffle: z.boolean().optional(),
});
export const shortTextItem = z.strictObject({
  ...itemBase,
  type: z.literal('short-text'),
  maxLength: z.int().positive().max(10_000).optional(),
});
export const numericItem = z.strictObject({
  ...itemBase,
  type: z.literal('numeric'),
  unit: z.string().min(1).max(32).optional(),
});
export const essayItem = z
  .strictObject({
    ...itemBase,
    type: z.literal('essay'),
    minWords: z.int().nonnegative().max(20_000).optional(),
    maxWords: z.int().positive().max(20_000).optional(),
  })
  .refine((i) => i.minWords === undefined || i.maxWords === undefined || i.minWords <= i.maxWords, {
    message: 'minWords must not exceed maxWords',
    path: ['minWords'],
  });
export const sqlItem = z.strictObject({
  ...itemBase,
  type: z.literal('sql'),
  dataset: packagePath('data/').refine((p) => p.endsWith('.sql'), 'must end with ".sql"'),
});
/** Languages a coding task may offer (DESIGN 7, 13), each with the toolchain pre-flight checks for. */
export const LANGUAGES = ['node', 'python', 'java'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/** A value for every offered language, or one for all of them. */
const perLanguage = <T extends z.ZodType>(value: T) => z.union([value, z.partialRecord(languageSchema, value)]);

export const codingItem = z
  .strictObject({
    ...itemBase,
    type: z.literal('coding'),
    task: packagePath('tasks/').refine((p) => p.split('/').length === 2, 'must name one task folder: "tasks/<task>"'),
    shell: z.string().min(1).max(256).optional(),
    /** Visible tests, run in the candidate's terminal. */
    testCommand: perLanguage(z.string().min(1).max(1000)).optional(),
    /**
     * With languages, the candidate picks one on opening the item, and the task has
     * tasks/<task>/<language>/starter (and solution) per language instead of starter/ at its root.
     */
    languages: z
      .array(languageSchema)
      .min(1)
      .max(LANGUAGES.length)
      .refine((l) => new Set(l).size === l.length, 'languages must not repeat')
      .optional(),
    /** The file the editor opens on arrival, relative to the workspace. */
    mainFile: perLanguage(z.string().min(1).max(256)).optional(),
  })
  .refine((i) => i.languages !== undefined || (typeof i.testCommand !== 'object' && typeof i.mainFile !== 'object'), {
    message: 'per-language testCommand or mainFile needs languages',
    path: ['languages'],
  });

export const itemSchema = z.discriminatedUnion('type', [
  singleChoiceItem,
  multipleChoiceItem,
  shortTextItem,
  numericItem,
  essayItem,
  sqlItem,
  codingItem,
]);

export const ITEM_TYPES = ['single-choice', 'multiple-choice', 'short-text', 'numeric', 'essay', 'sql', 'coding'] as const;

export const sectionSchema = z.strictObject({
  id: identifier,
  title: z.string().min(1).max(200),
  /**
   * Each attempt gets this many of the section's items, drawn by a PRNG seeded from the attempt id
   * (shared/exam/form.ts). Lint: 1 <= draw <= items, equal points and one type across the section.
   */
  draw: z.int().positive().max(500).optional(),
  items: z.array(itemSchema).min(1).max(500),
});

export const timingSchema = z.strictObject({
  durationMinutes: z.number().positive().max(24 * 60),
  clock: z.enum(['active', 'deadline']).default('active'),
  warnAtMinutes: z.array(z.number().positive()).max(10).default([10, 5, 1]),
});

export const skillSchema = z.strictObject({ id: identifier, title: z.string().min(1).max(200) });

export const examSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(EXAM_FORMAT),
  id: identifier,
  version: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  mode: z.enum(['proctored', 'practice']),
  instructions: markdown.default(''),
  timing: timingSchema,
  skills: z.array(skillSchema).max(100).default([]),
  requires: z.strictObject({ commands: z.array(z.string().min(1).max(64)).max(50).default([]) }).default({ commands: [] }),
  policy: policySchema.default(policySchema.parse({})),
  sections: z.array(sectionSchema).min(1).max(100),
});

export type Exam = z.infer<typeof examSchema>;
export type ExamInput = z.input<typeof examSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Item = z.infer<typeof itemSchema>;
export type ItemType = Item['type'];
export type ItemOf<T extends ItemType> = Extract<Item, { type: T }>;

/** Every item of an exam in delivery order, with its section. */
export function allItems(exam: Pick<Exam, 'sections'>): Array<{ section: Section; item: Item }> {
  return exam.sections.flatMap((section) => section.items.map((item) => ({ section, item })));
}
