import { z } from 'zod';
import { EXAM_FORMAT, examSchema, identifier } from '../../../shared/exam/examSchema.js';
import { KEY_FORMAT, keyEntrySchemas, keySchema } from '../../../shared/exam/keySchema.js';

/**
 * JSON Schemas for authors' editors (resources/schema/, referenced by "$schema" in exam.json and
 * key.json), generated from the zod schemas so the two cannot disagree. `io: 'input'` makes
 * fields with defaults optional, as authors write them. Refinements (unique ids, rubric totals…)
 * cannot be expressed here; `vigil lint` checks them.
 */

/** key.json with each entry typed: the loader picks the entry's schema by its item's type, an editor cannot, so it offers any of them. */
const keyAuthoringSchema = keySchema.extend({
  items: z.record(
    identifier,
    z.union([
      keyEntrySchemas['single-choice'],
      keyEntrySchemas['multiple-choice'],
      keyEntrySchemas['short-text'],
      keyEntrySchemas.numeric,
      keyEntrySchemas.essay,
      keyEntrySchemas.sql,
      keyEntrySchemas.coding,
    ]),
  ),
});

export function examJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(examSchema, { io: 'input' }),
    title: `Vigil exam (${EXAM_FORMAT})`,
    description: 'exam.json: the delivery part of a Vigil exam package. Check a package with `vigil lint <package-dir>`.',
  };
}

export function keyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(keyAuthoringSchema, { io: 'input' }),
    title: `Vigil answer key (${KEY_FORMAT})`,
    description: "key.json: the grading part of a Vigil exam package. Each entry's fields depend on its item's type in exam.json.",
  };
}

/** The files of resources/schema/, by name, exactly as committed. */
export function schemaFiles(): Record<string, string> {
  return {
    'exam.schema.json': `${JSON.stringify(examJsonSchema(), null, 2)}\n`,
    'key.schema.json': `${JSON.stringify(keyJsonSchema(), null, 2)}\n`,
  };
}
