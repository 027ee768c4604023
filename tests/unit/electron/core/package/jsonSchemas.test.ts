import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from '../../../../../electron/core/package/jsonSchemas.js';
import { DEMO_DIR } from '../../../../fixtures/packages/demoPackage.js';

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources/schema');

describe('committed JSON Schemas', () => {
  it.each(Object.entries(schemaFiles()))('resources/schema/%s equals a fresh generation (run `npx tsx scripts/gen-schema.ts`)', async (name, text) => {
    expect(await readFile(path.join(schemaDir, name), 'utf8')).toBe(text);
  });

  it('makes fields with defaults optional for authors and keeps the rules editors can check', () => {
    const exam = JSON.parse(schemaFiles()['exam.schema.json'] ?? '{}') as {
      required: string[];
      properties: { timing: { required: string[] }; id: { pattern: string } };
    };
    expect(exam.required.sort()).toEqual(['format', 'id', 'mode', 'sections', 'timing', 'title', 'version']);
    expect(exam.properties.timing.required).toEqual(['durationMinutes']);
    expect(exam.properties.id.pattern).toBe('^[A-Za-z0-9][A-Za-z0-9._-]*$');
  });

  it("is where the demo exam's $schema points", async () => {
    const exam = JSON.parse(await readFile(path.join(DEMO_DIR, 'exam.json'), 'utf8')) as { $schema: string };
    expect(path.resolve(DEMO_DIR, exam.$schema)).toBe(path.join(schemaDir, 'exam.schema.json'));
  });
});
