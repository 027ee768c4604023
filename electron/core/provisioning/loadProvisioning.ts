import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { defaultProvisioning, provisioningSchema, type Provisioning, type ProvisioningConfig } from '../../../shared/provisioning.js';
import { oneLine, problem } from '../package/problems.js';
import { readJsonFile } from '../package/readJsonFile.js';
import type { PackageProblem } from '../package/types.js';
import { locateProvisioning, type ConfigLocation, type LocateOptions } from './provisioningLocations.js';

/** A config problem, printed like a package problem: `file: json.path: reason`. */
export type ConfigProblem = PackageProblem;

export type ProvisioningLoad =
  | { ok: true; provisioning: Provisioning; location: ConfigLocation | null }
  | { ok: false; file: string; problems: ConfigProblem[] };

/** The keys each object of the config accepts, to say so when a key is misspelt. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(provisioningSchema.shape),
  hub: ['url', 'fingerprint'],
  updates: ['channel', 'enabled'],
};

/**
 * Finds and reads the provisioning config (`--config`, then VIGIL_CONFIG, then the OS location).
 * No file at the OS location is not an error: the app then runs on the defaults (a candidate on
 * the bundled practice exam). A file that exists must be valid, and every problem is reported.
 */
export async function loadProvisioning(opts: Partial<LocateOptions> = {}): Promise<ProvisioningLoad> {
  const locations = locateProvisioning({ ...opts, env: opts.env ?? process.env, platform: opts.platform ?? process.platform });
  for (const location of locations) {
    const read = await readProvisioningFile(location.file);
    if (read.kind === 'missing') {
      if (location.explicit) return { ok: false, file: location.file, problems: [problem(location.file, '', `no such file (named by ${location.via})`)] };
      continue;
    }
    if (read.kind === 'invalid') return { ok: false, file: location.file, problems: read.problems };
    return { ok: true, provisioning: read.provisioning, location };
  }
  return { ok: true, provisioning: defaultProvisioning(), location: null };
}

export type ProvisioningFile = { kind: 'missing' } | { kind: 'invalid'; problems: ConfigProblem[] } | { kind: 'ok'; config: ProvisioningConfig; provisioning: Provisioning };

/** Reads and validates one config file (what `vigil config check <file>` runs). */
export async function readProvisioningFile(file: string): Promise<ProvisioningFile> {
  const abs = path.resolve(file);
  const json = await readJsonFile(path.dirname(abs), path.basename(abs));
  if (json.kind === 'missing') return { kind: 'missing' };
  if (json.kind === 'invalid') return { kind: 'invalid', problems: [{ ...json.problem, file: oneLine(abs) }] };
  const parsed = provisioningSchema.safeParse(json.value);
  if (!parsed.success) return { kind: 'invalid', problems: configProblems(abs, parsed.error, json.value) };
  const provisioning = resolveProvisioning(abs, parsed.data);
  const problems = await checkPaths(abs, provisioning);
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'ok', config: parsed.data, provisioning };
}

/** The validated file as settings, its paths made absolute against the file's folder. */
export function resolveProvisioning(file: string, config: ProvisioningConfig): Provisioning {
  const base = path.dirname(file);
  const defaults = defaultProvisioning();
  return {
    source: file,
    role: config.role,
    hub: config.hub ? { url: config.hub.url, fingerprint: config.hub.fingerprint ?? null } : null,
    updates: config.updates ?? defaults.updates,
    defaultExam: config.defaultExam === undefined ? null : path.resolve(base, config.defaultExam),
    dataDir: config.dataDir === undefined ? null : path.resolve(base, config.dataDir),
  };
}

/** One problem per zod issue; a misspelt key is named at its own path, with the keys allowed there. */
export function configProblems(file: string, error: z.ZodError, input: unknown): ConfigProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = KNOWN_KEYS[issue.path.join('.')];
      return issue.keys.map((key) => problem(file, [...issue.path, key], `unknown key${allowed ? ` (allowed here: ${allowed.join(', ')})` : ''}`));
    }
    const reason = isAbsent(input, issue.path) ? `required: ${issue.message.replace(/^Invalid (input|option): /, '')}` : issue.message;
    return [problem(file, issue.path, reason)];
  });
}

/** Whether the key at `at` is missing from its (present) parent object. */
function isAbsent(input: unknown, at: ReadonlyArray<PropertyKey>): boolean {
  if (at.length === 0) return false;
  let node: unknown = input;
  for (const key of at.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  const last = at[at.length - 1] as PropertyKey;
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !(last in node);
}

/**
 * The exam package must be there at start (a typo here would otherwise show the candidate a
 * confusing error on exam day); the data folder may not exist yet, but must not be a file.
 */
async function checkPaths(file: string, p: Provisioning): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  if (p.defaultExam !== null) {
    const exam = await statOf(path.join(p.defaultExam, 'exam.json'));
    if (exam.kind === 'error') problems.push(problem(file, 'defaultExam', `${p.defaultExam} cannot be read (${exam.code})`));
    else if (exam.kind === 'missing' || !exam.stats.isFile()) problems.push(problem(file, 'defaultExam', `no exam package at ${p.defaultExam} (it has no exam.json)`));
  }
  if (p.dataDir !== null) {
    const data = await statOf(p.dataDir);
    if (data.kind === 'error') problems.push(problem(file, 'dataDir', `${p.dataDir} cannot be read (${data.code})`));
    else if (data.kind === 'ok' && !data.stats.isDirectory()) problems.push(problem(file, 'dataDir', `${p.dataDir} exists and is not a folder`));
  }
  return problems;
}

async function statOf(target: string): Promise<{ kind: 'ok'; stats: Stats } | { kind: 'missing' } | { kind: 'error'; code: string }> {
  try {
    return { kind: 'ok', stats: await stat(target) };
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : null;
    if (code === null) throw error;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'error', code };
  }
}
