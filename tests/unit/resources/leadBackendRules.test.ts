/**
 * The measurement rules of the Lead Back-End exam (issue 17), asserted on the package files of the
 * exam and of its practice form: weight and coverage on every possible form, shuffled choice items
 * whose options do not give the key away, banks large enough to draw from, leveled rubrics with
 * exemplars, time that matches weight, and documented datasets. These read the JSON directly, so
 * they hold whatever the engine's schemas accept.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isGradingPath } from '../../../electron/core/package/packageTree.js';
import { repoRoot } from '../../support/paths.js';

const skillsField = z.union([z.array(z.string()).min(1), z.record(z.string(), z.number().positive())]);
const rawItem = z
  .object({ id: z.string(), type: z.string(), points: z.number().positive(), skills: skillsField, prompt: z.string() })
  .passthrough();
const rawExam = z.object({
  id: z.string(),
  version: z.string(),
  instructions: z.string(),
  timing: z.object({ durationMinutes: z.number() }),
  skills: z.array(z.object({ id: z.string(), title: z.string() })),
  sections: z.array(z.object({ id: z.string(), title: z.string(), draw: z.number().int().optional(), items: z.array(rawItem) })),
});
const level = z.object({ points: z.number(), label: z.string().min(1), descriptor: z.string().min(4) });
const criterion = z.object({ id: z.string(), text: z.string().min(10), points: z.number(), levels: z.array(level).optional() });
const rawKey = z.object({ examId: z.string(), examVersion: z.string(), items: z.record(z.string(), z.record(z.string(), z.unknown())) });

type Exam = z.infer<typeof rawExam>;
type Item = z.infer<typeof rawItem>;
type Key = z.infer<typeof rawKey>;

const CHOICE = new Set(['single-choice', 'multiple-choice']);
/** Items that are design work (besides coding and SQL): the weight rule counts them as performance. */
const DESIGN_WORK: Record<string, string[]> = {
  'lead-backend': ['system-design', 'w-nosql-model', 'w-microservices', 'w-cloud-az'],
  'lead-backend-practice': ['p-design', 'p-nosql'],
};
/** A non-choice item per topic the issue names, with a word its prompt must contain. */
const TOPIC_ITEMS: Record<string, Record<string, [string, RegExp]>> = {
  'lead-backend': {
    nosql: ['w-nosql-model', /DynamoDB/],
    cloud: ['w-cloud-az', /availability zone|zone/],
    microservices: ['w-microservices', /services/],
    observability: ['w-observability', /SLO|SLI/],
    cicd: ['w-cicd-pipeline', /pipeline/],
  },
};

async function readPackage(name: string): Promise<{ dir: string; exam: Exam; key: Key }> {
  const dir = path.join(repoRoot, 'resources', 'exams', name);
  const exam = rawExam.parse(JSON.parse(await readFile(path.join(dir, 'exam.json'), 'utf8')));
  const key = rawKey.parse(JSON.parse(await readFile(path.join(dir, 'key.json'), 'utf8')));
  return { dir, exam, key };
}

function shares(item: Item): Record<string, number> {
  if (Array.isArray(item.skills)) return Object.fromEntries(item.skills.map((s) => [s, 1 / item.skills.length]));
  return item.skills;
}

function choose<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [head, ...rest] = items as [T, ...T[]];
  return [...choose(rest, k - 1).map((c) => [head, ...c]), ...choose(rest, k)];
}

/** Every form an attempt can get: the product of each section's draws. */
function allForms(exam: Exam): Item[][] {
  let forms: Item[][] = [[]];
  for (const section of exam.sections) {
    const picks = section.draw === undefined ? [section.items] : choose(section.items, section.draw);
    forms = forms.flatMap((f) => picks.map((p) => [...f, ...p]));
  }
  return forms;
}

interface FormStats {
  total: number;
  choice: number;
  performance: number;
  bySkill: Record<string, number>;
}

function formStats(form: Item[], designWork: string[]): FormStats {
  const stats: FormStats = { total: 0, choice: 0, performance: 0, bySkill: {} };
  for (const item of form) {
    stats.total += item.points;
    if (CHOICE.has(item.type)) stats.choice += item.points;
    if (item.type === 'coding' || item.type === 'sql' || designWork.includes(item.id)) stats.performance += item.points;
    for (const [skill, share] of Object.entries(shares(item))) stats.bySkill[skill] = (stats.bySkill[skill] ?? 0) + item.points * share;
  }
  return stats;
}

function choiceOptions(item: Item): Array<{ id: string; text: string }> {
  return z.array(z.object({ id: z.string(), text: z.string() })).parse(item.options);
}

/** The `### Strong|Weak (scores n/m)` ... `Levels: a=3, b=2` blocks of an essay key's explanation. */
function parseExemplars(markdown: string): Array<{ kind: string; score: number; max: number; levels: Record<string, number> }> {
  return [...markdown.matchAll(/^### (Strong|Weak) \(scores (\d+)\/(\d+)\)\n([\s\S]*?)^Levels: (.*)$/gm)].map((m) => ({
    kind: m[1] ?? '',
    score: Number(m[2]),
    max: Number(m[3]),
    levels: Object.fromEntries((m[5] ?? '').split(',').map((pair) => pair.trim().split('=')).map(([k, v]) => [k ?? '', Number(v)])),
  }));
}

describe.each(['lead-backend', 'lead-backend-practice'])('%s measurement rules', (name) => {
  let exam: Exam;
  let key: Key;
  let dir: string;
  let items: Item[];
  let forms: Item[][];

  it('loads', async () => {
    ({ exam, key, dir } = await readPackage(name));
    items = exam.sections.flatMap((s) => s.items);
    forms = allForms(exam);
    expect(forms.length).toBeGreaterThan(0);
    expect(Object.keys(key.items).sort()).toEqual(items.map((i) => i.id).sort());
    expect(key.examVersion).toBe(exam.version);
  });

  it('on every possible form: at least 55% of points on coding, SQL and design work, choice at most 30%', () => {
    for (const form of forms) {
      const s = formStats(form, DESIGN_WORK[name] ?? []);
      expect(s.performance / s.total).toBeGreaterThanOrEqual(0.55);
      expect(s.choice / s.total).toBeLessThanOrEqual(0.3);
    }
  });

  it('splits every item across declared skills with shares summing to 1', () => {
    const declared = new Set(exam.skills.map((s) => s.id));
    for (const item of items) {
      const entries = Object.entries(shares(item));
      expect(entries.every(([s]) => declared.has(s)), item.id).toBe(true);
      expect(entries.reduce((sum, [, v]) => sum + v, 0), item.id).toBeCloseTo(1, 9);
    }
  });

  it('shuffles every choice item; options are of similar length and rarely is the key the longest', () => {
    const choice = items.filter((i) => CHOICE.has(i.type));
    expect(choice.length).toBeGreaterThan(0);
    let keyLongest = 0;
    for (const item of choice) {
      expect(item.shuffle, item.id).toBe(true);
      const options = choiceOptions(item);
      const lengths = options.map((o) => o.text.length);
      expect(Math.max(...lengths) / Math.min(...lengths), item.id).toBeLessThanOrEqual(1.35);
      const answers = item.type === 'single-choice' ? [z.string().parse(key.items[item.id]?.answer)] : z.array(z.string()).parse(key.items[item.id]?.answers);
      const longest = options.reduce((a, b) => (b.text.length > a.text.length ? b : a));
      if (answers.includes(longest.id)) keyLongest += 1;
    }
    expect(keyLongest / choice.length).toBeLessThanOrEqual(0.25);
  });

  it('spreads single-choice keys over the positions (no position keys more than 40%)', () => {
    const single = items.filter((i) => i.type === 'single-choice');
    const positions = single.map((i) => choiceOptions(i).findIndex((o) => o.id === key.items[i.id]?.answer));
    expect(positions.every((p) => p >= 0)).toBe(true);
    for (const p of new Set(positions)) expect(positions.filter((x) => x === p).length / single.length).toBeLessThanOrEqual(0.4);
  });

  it('draws choice items from banks of at least 1.5 items per slot, equal in points and type', () => {
    const choiceSections = exam.sections.filter((s) => s.items.some((i) => CHOICE.has(i.type)));
    expect(choiceSections.length).toBeGreaterThan(0);
    for (const section of choiceSections) {
      expect(section.draw, section.id).toBeDefined();
      expect(section.items.length / (section.draw ?? 1), section.id).toBeGreaterThanOrEqual(1.5);
      expect(new Set(section.items.map((i) => `${i.type}/${i.points}`)).size, section.id).toBe(1);
    }
  });

  it('grades written answers on leveled single-element criteria (0 to 3, a descriptor per level)', () => {
    for (const item of items.filter((i) => i.type === 'essay')) {
      const rubric = z.array(criterion).parse(key.items[item.id]?.rubric);
      expect(rubric.reduce((s, c) => s + c.points, 0), item.id).toBe(item.points);
      for (const c of rubric) {
        expect(c.levels?.map((l) => l.points), `${item.id}/${c.id}`).toEqual([0, 1, 2, 3]);
        expect(c.points).toBe(3);
        // One element per criterion: no "and"-lists of several demands in the criterion text.
        expect(c.text.split(/;|, and /).length, `${item.id}/${c.id}: ${c.text}`).toBe(1);
      }
    }
  });

  it('ships a strong and a weak exemplar for every written item in its key (grading material), graded per criterion', () => {
    for (const item of items.filter((i) => i.type === 'essay')) {
      const rubric = z.array(criterion).parse(key.items[item.id]?.rubric);
      const answers = parseExemplars(z.string().parse(key.items[item.id]?.explanation));
      expect(answers.map((a) => a.kind).sort(), item.id).toEqual(['Strong', 'Weak']);
      for (const a of answers) {
        expect(Object.keys(a.levels).sort(), `${item.id} ${a.kind}`).toEqual(rubric.map((c) => c.id).sort());
        expect(Object.values(a.levels).reduce((s, v) => s + v, 0), `${item.id} ${a.kind}`).toBe(a.score);
        expect(a.max).toBe(item.points);
      }
      expect(answers.find((a) => a.kind === 'Strong')?.score ?? 0).toBeGreaterThanOrEqual(0.75 * item.points);
      expect(answers.find((a) => a.kind === 'Weak')?.score ?? item.points).toBeLessThanOrEqual(0.4 * item.points);
    }
  });

  it('names a non-choice item for NoSQL modelling, cloud/IaaS, microservices, observability and CI/CD', () => {
    for (const [topic, [id, word]] of Object.entries(TOPIC_ITEMS[name] ?? {})) {
      const item = items.find((i) => i.id === id);
      expect(item, topic).toBeDefined();
      expect(CHOICE.has(item?.type ?? ''), topic).toBe(false);
      expect(item?.prompt, topic).toMatch(word);
    }
  });

  it('states suggested times that add up to the duration and match the weight of each part', () => {
    const rows = [...exam.instructions.matchAll(/^\| ([^|]+) \| (\d+) \| (\d+) minutes \|$/gm)].map((m) => ({ part: m[1] ?? '', questions: Number(m[2]), minutes: Number(m[3]) }));
    expect(rows.length).toBe(exam.sections.length - exam.sections.filter((s) => s.draw !== undefined).length + 1);
    const minutes = rows.reduce((s, r) => s + r.minutes, 0);
    expect(minutes).toBeLessThanOrEqual(exam.timing.durationMinutes);
    expect(minutes).toBeGreaterThanOrEqual(exam.timing.durationMinutes - 10);
    // The question count per form matches the table.
    expect(rows.reduce((s, r) => s + r.questions, 0)).toBe(forms[0]?.length);
    // Coding gets a share of the points within a factor 1.5 of its share of the time.
    const codingRow = rows.find((r) => r.part.startsWith('Coding'));
    const form = forms[0] ?? [];
    const codingPoints = form.filter((i) => i.type === 'coding').reduce((s, i) => s + i.points, 0);
    const total = form.reduce((s, i) => s + i.points, 0);
    const ratio = codingPoints / total / ((codingRow?.minutes ?? 0) / minutes);
    expect(ratio).toBeGreaterThanOrEqual(1 / 1.5);
    expect(ratio).toBeLessThanOrEqual(1.5);
  });

  it('documents the schema of every dataset it uses', async () => {
    const datasets = new Set(items.flatMap((i) => (typeof i.dataset === 'string' ? [i.dataset] : [])));
    for (const dataset of datasets) {
      const sql = await readFile(path.join(dir, dataset), 'utf8');
      const doc = await readFile(path.join(dir, 'content', `${path.basename(dataset, '.sql')}-schema.md`), 'utf8');
      for (const [, table, body] of sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
        expect(doc, `${dataset}: table ${table ?? ''}`).toContain(`\`${table ?? ''}\``);
        for (const line of (body ?? '').split('\n')) {
          const column = /^\s+(\w+) /.exec(line)?.[1];
          if (column) expect(doc, `${dataset}: ${table ?? ''}.${column}`).toContain(`\`${column}\``);
        }
      }
    }
  });
});

/** Every file under dir, as package-relative paths with forward slashes. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out;
}

/** What a candidate's machine may receive: the exam, its content and data, task texts and starters. */
const DELIVERABLE = /^(exam\.json|content\/.+|data\/[^/]+\.sql|tasks\/[^/]+\/README\.md|tasks\/[^/]+\/(node|python|java)\/starter\/.+)$/;

describe.each(['lead-backend', 'lead-backend-practice'])('%s files', (name) => {
  it('holds nothing but grading material and what a candidate may see (vigil pack delivers every other file)', async () => {
    const files = await listFiles(path.join(repoRoot, 'resources', 'exams', name));
    const stray = files.filter((f) => !isGradingPath(f) && !DELIVERABLE.test(f));
    expect(stray).toEqual([]);
    expect(files.some((f) => isGradingPath(f))).toBe(true);
  });
});

describe('lead-backend coverage', () => {
  it('on every possible form, every declared skill (role area) has at least 5% of the points', async () => {
    // The practice form is too short for this rule; it applies to the exam.
    const { exam } = await readPackage('lead-backend');
    let worst = 1;
    for (const form of allForms(exam)) {
      const s = formStats(form, []);
      for (const skill of exam.skills) worst = Math.min(worst, (s.bySkill[skill.id] ?? 0) / s.total);
    }
    expect(exam.skills.length).toBe(12);
    expect(worst).toBeGreaterThanOrEqual(0.05);
  });
});

describe('lead-backend task files that are copies by design', () => {
  const tasksDir = path.join(repoRoot, 'resources', 'exams', 'lead-backend', 'tasks');
  const TASKS = ['orders-api', 'resilience', 'order-summary'];
  const read = (...parts: string[]) => readFile(path.join(tasksDir, ...parts), 'utf8');

  it('ships the same hidden harness and Java helpers in every task (each task folder is packed alone)', async () => {
    for (const file of [['hidden', 'lib.mjs'], ['java', 'starter', 'Json.java'], ['java', 'starter', 'Http.java']]) {
      const copies = await Promise.all(TASKS.map((t) => read(t, ...file)));
      expect(new Set(copies).size, file.join('/')).toBe(1);
    }
  });

  it('every mutant differs from the solution it was derived from, in every language', async () => {
    const main = { node: 'server.js', python: 'app.py', java: 'Main.java' } as const;
    for (const task of TASKS) {
      const table = z.record(z.string(), z.unknown()).parse(JSON.parse(await read(task, 'mutants.json')));
      for (const mutant of Object.keys(table)) {
        for (const [language, file] of Object.entries(main)) {
          const [solution, flawed] = await Promise.all([read(task, language, 'solution', file), read(task, 'mutants', mutant, language, file)]);
          expect(flawed, `${task}/${mutant}/${language}`).not.toBe(solution);
        }
      }
    }
  });
});
