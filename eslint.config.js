// ESLint flat config. Besides the usual TypeScript checks it enforces the dependency rules of
// DESIGN section 2; each rule's message names the rule so a failing lint says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'stream', 'util', 'url', 'worker_threads', 'zlib', 'events', 'buffer', 'process'];

export const RULE_MESSAGES = {
  sharedPure: 'DESIGN rule 1: shared/ imports only shared/ and zod.',
  rendererNoNode: 'DESIGN rule 2: renderer/ imports only renderer/ and shared/ (never electron/, "electron" or node:*).',
  noElectronInCore: 'DESIGN rule 3: electron/core, hub, host and cli never import "electron".',
  nodePty: 'DESIGN rule 4: only electron/core/terminal imports node-pty.',
  lowdb: 'DESIGN rule 4: only electron/core/store imports lowdb.',
  fastify: 'DESIGN rule 4: only electron/hub and electron/host import fastify.',
  sqljs: 'DESIGN rule 4: only electron/core/sql (the SQL runner) imports sql.js.',
  hubNoCoreStore: 'Layering: electron/hub never imports electron/core/store; durable writes, locks and JSON reading are in electron/base.',
  basePure: 'Layering: electron/base imports only node:* builtins, zod, shared/ and electron/base itself.',
};

/** One no-restricted-imports entry per library boundary, so files can combine them. */
const boundaries = {
  nodePty: { group: ['node-pty', 'node-pty/*'], message: RULE_MESSAGES.nodePty },
  lowdb: { group: ['lowdb', 'lowdb/*'], message: RULE_MESSAGES.lowdb },
  fastify: { group: ['fastify', 'fastify/*', '@fastify/*'], message: RULE_MESSAGES.fastify },
  sqljs: { group: ['sql.js', 'sql.js/*'], message: RULE_MESSAGES.sqljs },
};

function restrict(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

const electronPattern = { group: ['electron'], message: RULE_MESSAGES.noElectronInCore };
// The hub and the candidate's store share their file helpers through electron/base, not each other.
const coreStorePattern = { regex: '^(\\.\\./)+core/store(/|$)', message: RULE_MESSAGES.hubNoCoreStore };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'resources/exams/**', 'tests/fixtures/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // Library boundaries (rule 4) apply everywhere except the owning folder, which the blocks below relax.
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['electron/core/terminal/**', 'electron/core/store/**', 'electron/hub/**', 'electron/host/**', 'electron/core/sql/**'],
    rules: restrict(boundaries.nodePty, boundaries.lowdb, boundaries.fastify, boundaries.sqljs),
  },
  { files: ['electron/core/terminal/**/*.ts'], rules: restrict(boundaries.lowdb, boundaries.fastify, boundaries.sqljs, electronPattern) },
  { files: ['electron/core/store/**/*.ts'], rules: restrict(boundaries.nodePty, boundaries.fastify, boundaries.sqljs, electronPattern) },
  { files: ['electron/core/sql/**/*.ts'], rules: restrict(boundaries.nodePty, boundaries.lowdb, boundaries.fastify, electronPattern) },
  { files: ['electron/hub/**/*.ts'], rules: restrict(boundaries.nodePty, boundaries.lowdb, boundaries.sqljs, electronPattern, coreStorePattern) },
  { files: ['electron/host/**/*.ts'], rules: restrict(boundaries.nodePty, boundaries.lowdb, boundaries.sqljs, electronPattern) },
  // electron/base sits below core and hub: only Node, zod, shared/ and itself (so no library
  // boundary or 'electron' can be crossed from it either).
  {
    files: ['electron/base/**/*.ts'],
    rules: restrict({ regex: '^(?!node:|zod$|zod/|\\./|\\.\\./(\\.\\./)*shared/)', message: RULE_MESSAGES.basePure }),
  },
  // Rule 3: no 'electron' below main/ and preload/.
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    ignores: ['electron/core/terminal/**', 'electron/core/store/**', 'electron/core/sql/**'],
    rules: restrict(boundaries.nodePty, boundaries.lowdb, boundaries.fastify, boundaries.sqljs, electronPattern),
  },
  // Rule 1: shared/ is pure.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|zod/|\\.{1,2}/)', message: RULE_MESSAGES.sharedPure },
            { regex: '^\\.\\./(\\.\\./)*(electron|renderer|tests|scripts)/', message: RULE_MESSAGES.sharedPure },
          ],
        },
      ],
    },
  },
  // Rule 2: renderer/ never reaches Node, Electron or electron/.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', ...NODE_BUILTINS], message: RULE_MESSAGES.rendererNoNode },
            { regex: '^(\\.\\./)+electron/', message: RULE_MESSAGES.rendererNoNode },
            boundaries.nodePty,
            boundaries.lowdb,
            boundaries.fastify,
            boundaries.sqljs,
          ],
        },
      ],
    },
  },
);
