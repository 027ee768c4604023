/**
 * Writes resources/schema/exam.schema.json and key.schema.json from the zod schemas
 * (`npx tsx scripts/gen-schema.ts`). With `--check`, writes nothing and exits 1 when the
 * committed files differ from a fresh generation.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { schemaFiles } from '../electron/core/package/jsonSchemas.js';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'schema');
const check = process.argv.includes('--check');

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
}

let stale = 0;
for (const [name, text] of Object.entries(schemaFiles())) {
  const file = path.join(outDir, name);
  const current = await readOrNull(file);
  if (current === text) continue;
  if (check) {
    stale++;
    process.stderr.write(`gen-schema: ${path.relative(process.cwd(), file)} is out of date; run \`npx tsx scripts/gen-schema.ts\`\n`);
  } else {
    await mkdir(outDir, { recursive: true });
    await writeFile(file, text);
    process.stdout.write(`gen-schema: wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
