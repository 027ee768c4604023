import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { RULE_MESSAGES } from '../../eslint.config.js';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });
const fixture = (name: string) => readFileSync(join(root, 'tests', 'fixtures', 'lint', name), 'utf8');

/** Lints a fixture as if it lived at `asPath`, returning the messages it produced. */
async function lintAs(name: string, asPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(fixture(name), { filePath: join(root, asPath) });
  return (result?.messages ?? []).map((m) => m.message);
}

// Each DESIGN section 2 rule: a forbidden import fails lint with that rule's message, and the
// same import is accepted where the rule allows it (so the check is not simply "always fail").
const cases: Array<{ fixture: string; at: string; message: string; allowedAt?: string }> = [
  { fixture: 'shared-imports-node.ts', at: 'shared/bad.ts', message: RULE_MESSAGES.sharedPure, allowedAt: 'electron/core/ok.ts' },
  { fixture: 'shared-imports-electron-folder.ts', at: 'shared/bad.ts', message: RULE_MESSAGES.sharedPure },
  { fixture: 'renderer-imports-node.ts', at: 'renderer/src/bad.ts', message: RULE_MESSAGES.rendererNoNode, allowedAt: 'electron/core/ok.ts' },
  { fixture: 'renderer-imports-electron-folder.ts', at: 'renderer/src/bad.ts', message: RULE_MESSAGES.rendererNoNode },
  { fixture: 'renderer-imports-electron.ts', at: 'renderer/src/bad.tsx', message: RULE_MESSAGES.rendererNoNode, allowedAt: 'electron/preload/ok.ts' },
  { fixture: 'core-imports-electron.ts', at: 'electron/core/bad.ts', message: RULE_MESSAGES.noElectronInCore, allowedAt: 'electron/main/ok.ts' },
  { fixture: 'core-imports-electron.ts', at: 'electron/hub/bad.ts', message: RULE_MESSAGES.noElectronInCore },
  { fixture: 'core-imports-electron.ts', at: 'electron/host/bad.ts', message: RULE_MESSAGES.noElectronInCore },
  { fixture: 'core-imports-electron.ts', at: 'electron/cli/bad.ts', message: RULE_MESSAGES.noElectronInCore },
  { fixture: 'imports-node-pty.ts', at: 'electron/core/api/bad.ts', message: RULE_MESSAGES.nodePty, allowedAt: 'electron/core/terminal/ok.ts' },
  { fixture: 'imports-lowdb.ts', at: 'electron/hub/bad.ts', message: RULE_MESSAGES.lowdb, allowedAt: 'electron/core/store/ok.ts' },
  { fixture: 'imports-fastify.ts', at: 'electron/core/bad.ts', message: RULE_MESSAGES.fastify, allowedAt: 'electron/hub/ok.ts' },
  { fixture: 'imports-fastify.ts', at: 'electron/main/bad.ts', message: RULE_MESSAGES.fastify, allowedAt: 'electron/host/ok.ts' },
  { fixture: 'imports-sqljs.ts', at: 'electron/core/grading/bad.ts', message: RULE_MESSAGES.sqljs, allowedAt: 'electron/core/sql/ok.ts' },
  { fixture: 'imports-core-store.ts', at: 'electron/hub/bad.ts', message: RULE_MESSAGES.hubNoCoreStore, allowedAt: 'electron/core/ok.ts' },
  { fixture: 'imports-core-store.ts', at: 'electron/hub/store/bad.ts', message: RULE_MESSAGES.hubNoCoreStore },
  { fixture: 'imports-core-from-base.ts', at: 'electron/base/bad.ts', message: RULE_MESSAGES.basePure, allowedAt: 'electron/hub/ok.ts' },
  { fixture: 'imports-lowdb.ts', at: 'electron/base/bad.ts', message: RULE_MESSAGES.basePure },
  { fixture: 'core-imports-electron.ts', at: 'electron/base/bad.ts', message: RULE_MESSAGES.basePure },
];

const ruleMessages: string[] = Object.values(RULE_MESSAGES);

describe('dependency rules (DESIGN section 2)', () => {
  it.each(cases)('$fixture at $at fails with its rule', async ({ fixture: name, at, message }) => {
    const messages = await lintAs(name, at);
    expect(messages.some((m) => m.endsWith(message))).toBe(true);
  });

  it.each(cases.filter((c) => c.allowedAt))('$fixture is accepted at $allowedAt', async ({ fixture: name, allowedAt }) => {
    const messages = await lintAs(name, allowedAt as string);
    expect(messages.filter((m) => ruleMessages.some((rule) => m.endsWith(rule)))).toEqual([]);
  });

  it('zod and relative shared imports are fine in shared/', async () => {
    const [result] = await eslint.lintText("import { z } from 'zod';\nimport { x } from './y.js';\nexport const s = z.string(); export const t = x;\n", {
      filePath: join(root, 'shared/ok.ts'),
    });
    expect(result?.messages ?? []).toEqual([]);
  });

  it('node:* builtins, zod, shared/ and its own modules are fine in electron/base', async () => {
    const source = [
      "import { promises as fsp } from 'node:fs';",
      "import { z } from 'zod';",
      "import { VigilError } from '../../shared/errors.js';",
      "import { errnoCode } from './storeFs.js';",
      'export const all = [fsp, z, VigilError, errnoCode];',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(source, { filePath: join(root, 'electron/base/ok.ts') });
    expect(result?.messages ?? []).toEqual([]);
  });
});
