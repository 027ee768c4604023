import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VigilError } from '../../../../../shared/errors.js';
import { loadPackage, loadPackageOrThrow } from '../../../../../electron/core/package/loadPackage.js';
import { formatProblem } from '../../../../../electron/core/package/types.js';
import { copyDemo, DEMO_DIR, deleteAt, getAt, pushAt, setAt, type TempPackage } from '../../../../fixtures/packages/demoPackage.js';

/** Loads the package and returns its problem lines (empty when it loads). */
async function problemLines(dir: string): Promise<string[]> {
  const result = await loadPackage(dir);
  return result.ok ? [] : result.problems.map(formatProblem);
}

const I = {
  single: ['sections', 0, 'items', 0],
  multiple: ['sections', 0, 'items', 1],
  shortText: ['sections', 0, 'items', 2],
  numeric: ['sections', 0, 'items', 3],
  sql: ['sections', 1, 'items', 0],
  coding: ['sections', 1, 'items', 1],
  essay: ['sections', 1, 'items', 2],
} as const;

let pkg: TempPackage;
beforeEach(async () => {
  pkg = await copyDemo();
});
afterEach(async () => {
  await pkg.cleanup();
});

describe('loadPackage on a valid package', () => {
  it('loads the demo with every key entry parsed and defaults applied', async () => {
    deleteAt(pkg.key, ['items', 'idempotent-methods', 'scoring']);
    deleteAt(pkg.key, ['items', 'latency-budget', 'tolerance']);
    await pkg.save();
    const result = await loadPackage(pkg.dir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.pkg.dir).toBe(pkg.dir);
    expect(result.pkg.exam.id).toBe('demo');
    expect(result.pkg.exam.policy.maxDisplays).toBe(1); // policy default
    expect(result.pkg.key?.items['idempotent-methods']).toEqual({ answers: ['get', 'put', 'delete'], scoring: 'partial', explanation: expect.any(String) });
    expect(result.pkg.key?.items['latency-budget']).toMatchObject({ value: 140, tolerance: 0 });
    expect(Object.keys(result.pkg.key?.items ?? {}).sort()).toEqual(
      ['cache-header', 'explain-index', 'http-status', 'idempotent-methods', 'latency-budget', 'sum-function', 'top-customers'].sort(),
    );
    expect(result.pkg.hasGradingMaterial).toBe(true);
    expect(result.pkg.gradingMaterial).toEqual(['key.json', 'tasks/sum/hidden', 'tasks/sum/solution']);
  });

  it('loads the bundled demo in place', async () => {
    expect(await problemLines(DEMO_DIR)).toEqual([]);
  });

  it('loads a delivery package: no key, no grading material', async () => {
    await rm(path.join(pkg.dir, 'key.json'));
    await rm(path.join(pkg.dir, 'tasks/sum/hidden'), { recursive: true });
    await rm(path.join(pkg.dir, 'tasks/sum/solution'), { recursive: true });
    const result = await loadPackage(pkg.dir);
    expect(result.ok && result.pkg.key).toBe(null);
    expect(result.ok && result.pkg.hasGradingMaterial).toBe(false);
    expect(result.ok && result.pkg.gradingMaterial).toEqual([]);
  });

  it('counts a lone solution folder as grading material', async () => {
    await rm(path.join(pkg.dir, 'key.json'));
    await rm(path.join(pkg.dir, 'tasks/sum/hidden'), { recursive: true });
    const result = await loadPackage(pkg.dir);
    expect(result.ok && result.pkg.gradingMaterial).toEqual(['tasks/sum/solution']);
    expect(result.ok && result.pkg.hasGradingMaterial).toBe(true);
  });

  it('accepts a byte-order mark, content links that exist, and links inside the package', async () => {
    setAt(pkg.exam, [...I.single, 'prompt'], 'See ![diagram](content/img/a%20b.png "A") and [notes](./content/notes.md#top).\n\n[ref]: content/ref.txt');
    await pkg.save();
    await mkdir(path.join(pkg.dir, 'content/img'), { recursive: true });
    await writeFile(path.join(pkg.dir, 'content/img/a b.png'), '');
    await writeFile(path.join(pkg.dir, 'content/notes.md'), '');
    await writeFile(path.join(pkg.dir, 'content/ref.txt'), '');
    await symlink('sum.js', path.join(pkg.dir, 'tasks/sum/starter/alias.js'));
    const text = JSON.stringify(pkg.exam);
    await writeFile(path.join(pkg.dir, 'exam.json'), `\uFEFF${text}`);
    expect(await problemLines(pkg.dir)).toEqual([]);
  });

  it('accepts a coding key without hidden tests when its command does not use them', async () => {
    await rm(path.join(pkg.dir, 'tasks/sum/hidden'), { recursive: true });
    setAt(pkg.key, ['items', 'sum-function'], { command: 'node check.js', timeoutSeconds: 10, report: 'exit-code' });
    await pkg.save();
    expect(await problemLines(pkg.dir)).toEqual([]);
  });
});

interface BadCase {
  rule: string;
  /** Changes p.exam / p.key (saved afterwards) or files of the package. */
  mutate: (p: TempPackage) => void | Promise<void>;
  /** The mutation wrote exam.json or key.json itself: do not save over it. */
  handWritten?: boolean;
  expected: string[];
}

const examCases: BadCase[] = [
  {
    rule: 'exam.json must exist',
    mutate: (p) => rm(path.join(p.dir, 'exam.json')),
    handWritten: true,
    expected: ['exam.json: $: missing: a package needs exam.json at its root'],
  },
  {
    rule: 'exam.json must be JSON (the error has a line and column)',
    mutate: (p) => writeFile(path.join(p.dir, 'exam.json'), '{\n  "format": "vigil-exam/1",\n  "id": "demo",\n}\n'),
    handWritten: true,
    expected: ['exam.json: $: invalid JSON at line 4, column 1: expected a double-quoted property name, found "}"'],
  },
  {
    rule: 'exam.json must be a regular file',
    handWritten: true,
    mutate: async (p) => {
      await rm(path.join(p.dir, 'exam.json'));
      await mkdir(path.join(p.dir, 'exam.json'));
    },
    expected: ['exam.json: $: must be a regular file'],
  },
  {
    rule: 'format must be vigil-exam/1',
    mutate: (p) => setAt(p.exam, ['format'], 'vigil-exam/2'),
    expected: ['exam.json: format: Invalid input: expected "vigil-exam/1"'],
  },
  {
    rule: 'points must be > 0',
    mutate: (p) => setAt(p.exam, [...I.shortText, 'points'], 0),
    expected: ['exam.json: sections[0].items[2].points: Too small: expected number to be >0'],
  },
  {
    rule: 'item type must be known',
    mutate: (p) => setAt(p.exam, [...I.multiple, 'type'], 'ranking'),
    expected: [
      "exam.json: sections[0].items[1].type: Invalid discriminator value. Expected 'single-choice' | 'multiple-choice' | 'short-text' | 'numeric' | 'essay' | 'sql' | 'coding'",
    ],
  },
  {
    rule: 'required fields must be present',
    mutate: (p) => deleteAt(p.exam, [...I.single, 'prompt']),
    expected: ['exam.json: sections[0].items[0].prompt: Invalid input: expected string, received undefined'],
  },
  {
    rule: 'unknown fields are refused',
    mutate: (p) => setAt(p.exam, ['author'], 'me'),
    expected: ['exam.json: $: Unrecognized key: "author"'],
  },
  {
    rule: 'ids are identifiers',
    mutate: (p) => setAt(p.exam, ['sections', 1, 'id'], 'hands on'),
    expected: ['exam.json: sections[1].id: must start with a letter or digit and use only letters, digits, ".", "_" or "-"'],
  },
  {
    rule: 'option ids are unique within an item',
    mutate: (p) => setAt(p.exam, [...I.single, 'options', 2, 'id'], 'a'),
    expected: ['exam.json: sections[0].items[0].options: option ids must be unique'],
  },
  {
    rule: 'item ids are unique across the exam',
    mutate: (p) => pushAt(p.exam, ['sections', 1, 'items'], getAt(p.exam, [...I.single])),
    expected: ['exam.json: sections[1].items[3].id: duplicate item id "http-status" (first used at sections[0].items[0].id)'],
  },
  {
    rule: 'skill shares add up to 1',
    mutate: (p) => setAt(p.exam, [...I.shortText, 'skills'], { api: 0.7, performance: 0.2 }),
    expected: ['exam.json: sections[0].items[2].skills: skill shares add up to 0.9, not 1'],
  },
  {
    rule: 'skill shares name declared skills',
    mutate: (p) => setAt(p.exam, [...I.shortText, 'skills'], { api: 0.5, caching: 0.5 }),
    expected: ['exam.json: sections[0].items[2].skills.caching: skill "caching" is not declared in skills'],
  },
  {
    rule: 'every item has a skill when the exam declares skills',
    mutate: (p) => setAt(p.exam, [...I.numeric, 'skills'], []),
    expected: ['exam.json: sections[0].items[3].skills: the exam declares skills, so every item needs at least one: otherwise skill maxima do not add up to the exam maximum'],
  },
  {
    rule: 'a drawn section draws at most its items',
    mutate: (p) => setAt(p.exam, ['sections', 0, 'draw'], 5),
    expected: [
      'exam.json: sections[0].draw: draws 5 items but the section has 4',
      'exam.json: sections[0].items[1].points: a drawn section\'s items must all be worth the same: 2 here, 1 in the first item',
      'exam.json: sections[0].items[1].type: a drawn section\'s items must all be of one type: multiple-choice here, single-choice in the first item',
      'exam.json: sections[0].items[2].type: a drawn section\'s items must all be of one type: short-text here, single-choice in the first item',
      'exam.json: sections[0].items[3].type: a drawn section\'s items must all be of one type: numeric here, single-choice in the first item',
    ],
  },
  {
    rule: 'section ids are unique',
    mutate: (p) => setAt(p.exam, ['sections', 1, 'id'], 'basics'),
    expected: ['exam.json: sections[1].id: duplicate section id "basics" (first used at sections[0].id)'],
  },
  {
    rule: 'skill ids are unique',
    mutate: (p) => pushAt(p.exam, ['skills'], { id: 'api', title: 'APIs again' }),
    expected: ['exam.json: skills[4].id: duplicate skill id "api" (first used at skills[0].id)'],
  },
  {
    rule: "an item's skills are declared",
    mutate: (p) => setAt(p.exam, [...I.numeric, 'skills'], ['performance', 'networking']),
    expected: ['exam.json: sections[0].items[3].skills[1]: skill "networking" is not declared in skills'],
  },
  {
    rule: 'a sql dataset path stays in data/',
    mutate: (p) => setAt(p.exam, [...I.sql, 'dataset'], 'data/../key.sql'),
    expected: ['exam.json: sections[1].items[0].dataset: must not contain "..", empty segments or backslashes'],
  },
  {
    rule: 'a sql dataset exists',
    mutate: (p) => rm(path.join(p.dir, 'data/shop.sql')),
    expected: ['exam.json: sections[1].items[0].dataset: dataset "data/shop.sql" is not in the package'],
  },
  {
    rule: 'a sql dataset is a file',
    mutate: async (p) => {
      await rm(path.join(p.dir, 'data/shop.sql'));
      await mkdir(path.join(p.dir, 'data/shop.sql'));
    },
    expected: ['exam.json: sections[1].items[0].dataset: dataset "data/shop.sql" must be a file'],
  },
  {
    rule: 'a coding task folder exists',
    mutate: (p) => setAt(p.exam, [...I.coding, 'task'], 'tasks/total'),
    expected: ['exam.json: sections[1].items[1].task: task folder "tasks/total/" is not in the package'],
  },
  {
    rule: 'a coding task has a starter folder',
    mutate: (p) => rm(path.join(p.dir, 'tasks/sum/starter'), { recursive: true }),
    expected: ['exam.json: sections[1].items[1].task: starter folder "tasks/sum/starter/" is not in the package'],
  },
  {
    rule: 'content linked from a prompt exists',
    mutate: (p) => setAt(p.exam, [...I.essay, 'prompt'], 'Look at ![plan](content/plan.png).'),
    expected: ['exam.json: sections[1].items[2].prompt: linked file "content/plan.png" is not in the package'],
  },
  {
    rule: 'content linked from the instructions exists',
    mutate: (p) => setAt(p.exam, ['instructions'], 'Read [the rules](content/rules.md) first.'),
    expected: ['exam.json: instructions: linked file "content/rules.md" is not in the package'],
  },
  {
    rule: 'content links stay inside content/',
    mutate: (p) => setAt(p.exam, [...I.essay, 'prompt'], '[answers](content/../key.json)'),
    expected: ['exam.json: sections[1].items[2].prompt: link "content/../key.json" must stay inside content/'],
  },
  {
    rule: 'no symbolic link leaves the package',
    mutate: async (p) => {
      const outside = path.join(path.dirname(p.dir), 'outside.sql'); // removed with the temp dir
      await writeFile(outside, 'SELECT 1;');
      await rm(path.join(p.dir, 'data/shop.sql'));
      await symlink(outside, path.join(p.dir, 'data/shop.sql'));
    },
    expected: [
      'exam.json: sections[1].items[0].dataset: dataset "data/shop.sql" resolves outside the package',
      'data/shop.sql: $: symbolic link resolves outside the package',
    ],
  },
  {
    rule: 'no symbolic link in a starter leaves the package',
    mutate: (p) => symlink('/etc/hostname', path.join(p.dir, 'tasks/sum/starter/hostname')),
    expected: ['tasks/sum/starter/hostname: $: symbolic link resolves outside the package'],
  },
  {
    rule: 'no broken symbolic links',
    mutate: (p) => symlink('missing.js', path.join(p.dir, 'tasks/sum/starter/gone.js')),
    expected: ['tasks/sum/starter/gone.js: $: broken symbolic link (ENOENT)'],
  },
  {
    rule: 'no link from delivered files into grading material',
    mutate: (p) => symlink('../hidden/sum.hidden.test.js', path.join(p.dir, 'tasks/sum/starter/peek.js')),
    expected: [
      'tasks/sum/starter/peek.js: $: symbolic link points into grading material (tasks/sum/hidden/sum.hidden.test.js), which a delivery package leaves out',
    ],
  },
  {
    rule: 'task folders are real folders',
    mutate: async (p) => {
      setAt(p.exam, [...I.coding, 'task'], 'tasks/sum2');
      await symlink('sum', path.join(p.dir, 'tasks/sum2'));
    },
    expected: ['tasks/sum2: $: must be a real file or folder, not a symbolic link'],
  },
];

const keyCases: BadCase[] = [
  {
    rule: 'key.json must be JSON',
    mutate: (p) => writeFile(path.join(p.dir, 'key.json'), '{"format": "vigil-key/1" "examId": "demo"}'),
    handWritten: true,
    expected: ['key.json: $: invalid JSON at line 1, column 26: expected "," or "}" after a property value, found """'],
  },
  {
    rule: 'key format must be vigil-key/1',
    mutate: (p) => setAt(p.key, ['format'], 'vigil-exam/1'),
    expected: ['key.json: format: Invalid input: expected "vigil-key/1"'],
  },
  {
    rule: "examId matches exam.json's id",
    mutate: (p) => setAt(p.key, ['examId'], 'other'),
    expected: ['key.json: examId: "other" does not match exam.json id "demo"'],
  },
  {
    rule: "examVersion matches exam.json's version",
    mutate: (p) => setAt(p.key, ['examVersion'], '2026.10.0'),
    expected: ['key.json: examVersion: "2026.10.0" does not match exam.json version "2026.11.0"'],
  },
  {
    rule: 'every key entry names an exam item',
    mutate: (p) => setAt(p.key, ['items', 'bonus'], { answer: 'a' }),
    expected: ['key.json: items.bonus: no item "bonus" in exam.json'],
  },
  {
    rule: 'every gradable item has a key entry',
    mutate: (p) => deleteAt(p.key, ['items', 'explain-index']),
    expected: ['key.json: items.explain-index: no key entry for item explain-index (essay)'],
  },
  {
    rule: "an entry matches its item type's schema",
    mutate: (p) => setAt(p.key, ['items', 'http-status'], { answers: ['b'] }),
    expected: [
      'key.json: items.http-status.answer: Invalid input: expected string, received undefined',
      'key.json: items.http-status: Unrecognized key: "answers"',
    ],
  },
  {
    rule: 'an entry is an object',
    mutate: (p) => setAt(p.key, ['items', 'latency-budget'], 140),
    expected: ['key.json: items.latency-budget: Invalid input: expected record, received number'],
  },
  {
    rule: 'a coding key names a report format',
    mutate: (p) => setAt(p.key, ['items', 'sum-function', 'report'], 'xunit'),
    expected: ['key.json: items.sum-function.report: Invalid option: expected one of "tap"|"junit"|"exit-code"'],
  },
  {
    rule: "a single-choice answer is one of the item's options",
    mutate: (p) => setAt(p.key, ['items', 'http-status', 'answer'], 'e'),
    expected: ['key.json: items.http-status.answer: option "e" is not an option of item http-status'],
  },
  {
    rule: "multiple-choice answers are the item's options, each once",
    mutate: (p) => setAt(p.key, ['items', 'idempotent-methods', 'answers'], ['get', 'patch', 'get']),
    expected: [
      'key.json: items.idempotent-methods.answers[1]: option "patch" is not an option of item idempotent-methods',
      'key.json: items.idempotent-methods.answers[2]: option "get" is listed twice',
    ],
  },
  {
    rule: 'short-text /regex/ entries compile',
    mutate: (p) => setAt(p.key, ['items', 'cache-header', 'accept'], ['ETag', '/^e(tag$/i']),
    expected: ['key.json: items.cache-header.accept[1]: Invalid regular expression: /^e(tag$/i: Unterminated group'],
  },
  {
    rule: 'short-text regex flags are valid',
    mutate: (p) => setAt(p.key, ['items', 'cache-header', 'accept'], ['/etag/q']),
    expected: ["key.json: items.cache-header.accept[0]: Invalid flags supplied to RegExp constructor 'q'"],
  },
  {
    rule: 'short-text regexes are not stateful',
    mutate: (p) => setAt(p.key, ['items', 'cache-header', 'accept'], ['/etag/gi']),
    expected: ['key.json: items.cache-header.accept[0]: flag "g" not allowed: matching would depend on the previous answer checked'],
  },
  {
    rule: "short-text accepted texts fit the item's maxLength",
    mutate: (p) => setAt(p.key, ['items', 'cache-header', 'accept'], ['ETag', 'x'.repeat(41)]),
    expected: ["key.json: items.cache-header.accept[1]: longer than the item's maxLength (40): no answer can match it"],
  },
  {
    rule: "an essay rubric adds up to the item's points",
    mutate: (p) => setAt(p.key, ['items', 'explain-index', 'rubric', 1, 'points'], 1.5),
    expected: ['key.json: items.explain-index.rubric: rubric points add up to 2.5 but item explain-index is worth 2 points'],
  },
  {
    rule: "a rubric criterion's levels run from 0 to its points",
    mutate: (p) =>
      setAt(p.key, ['items', 'explain-index', 'rubric', 0, 'levels'], [
        { points: 0.5, label: 'Vague' },
        { points: 0.5, label: 'Also vague' },
        { points: 3, label: 'Too much' },
      ]),
    expected: [
      'key.json: items.explain-index.rubric[0].levels[1].points: two levels are worth 0.5 points: a grader could not tell them apart',
      "key.json: items.explain-index.rubric[0].levels[2].points: a level is worth at most the criterion's 1 points, got 3",
      "key.json: items.explain-index.rubric[0].levels: no level is worth the criterion's full 1 points",
      'key.json: items.explain-index.rubric[0].levels: no level is worth 0 points: a grader needs one for an answer that misses the criterion',
    ],
  },
  {
    rule: 'a coding command that runs hidden tests has them',
    mutate: (p) => rm(path.join(p.dir, 'tasks/sum/hidden'), { recursive: true }),
    expected: ['key.json: items.sum-function.command: runs hidden tests but the package has no tasks/sum/hidden/ folder'],
  },
  {
    rule: 'key.json is a real file, not a link',
    handWritten: true,
    mutate: async (p) => {
      await mkdir(path.join(p.dir, 'secret'));
      await writeFile(path.join(p.dir, 'secret/key.json'), JSON.stringify(p.key));
      await rm(path.join(p.dir, 'key.json'));
      await symlink('secret/key.json', path.join(p.dir, 'key.json'));
    },
    expected: ['key.json: $: must be a real file or folder, not a symbolic link'],
  },
];

describe('loadPackage refuses a broken package with the exact problem', () => {
  for (const c of [...examCases, ...keyCases]) {
    it(c.rule, async () => {
      await c.mutate(pkg);
      if (!c.handWritten) await pkg.save();
      expect(await problemLines(pkg.dir)).toEqual(c.expected);
    });
  }
});

describe('loadPackage reports every problem at once', () => {
  it('lists problems from exam.json, key.json and the files together', async () => {
    setAt(pkg.exam, [...I.shortText, 'points'], -1);
    setAt(pkg.exam, [...I.numeric, 'skills'], ['nope']);
    setAt(pkg.exam, ['sections', 1, 'id'], 'basics');
    setAt(pkg.key, ['examId'], 'other');
    setAt(pkg.key, ['items', 'http-status', 'answer'], 'z');
    setAt(pkg.key, ['items', 'cache-header', 'accept'], ['/(/']);
    deleteAt(pkg.key, ['items', 'latency-budget']);
    await pkg.save();
    await rm(path.join(pkg.dir, 'data/shop.sql'));
    await symlink('/etc/hostname', path.join(pkg.dir, 'tasks/sum/starter/out'));

    expect(await problemLines(pkg.dir)).toEqual([
      'exam.json: sections[0].items[2].points: Too small: expected number to be >0',
      'exam.json: sections[1].id: duplicate section id "basics" (first used at sections[0].id)',
      'exam.json: sections[0].items[3].skills[0]: skill "nope" is not declared in skills',
      'exam.json: sections[1].items[0].dataset: dataset "data/shop.sql" is not in the package',
      'key.json: examId: "other" does not match exam.json id "demo"',
      'key.json: items.http-status.answer: option "z" is not an option of item http-status',
      // The item itself is invalid (points), yet its key entry is still checked.
      'key.json: items.cache-header.accept[0]: Invalid regular expression: /(/: Unterminated group',
      'key.json: items.latency-budget: no key entry for item latency-budget (numeric)',
      'tasks/sum/starter/out: $: symbolic link resolves outside the package',
    ]);
  });

  it('returns problems as data, never as an exception', async () => {
    await writeFile(path.join(pkg.dir, 'exam.json'), '[]');
    await writeFile(path.join(pkg.dir, 'key.json'), '"key"');
    const result = await loadPackage(pkg.dir);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'exam.json: $: Invalid input: expected object, received array',
      'key.json: $: Invalid input: expected object, received string',
    ]);
  });

  it('keeps each problem on one line whatever the package contains', async () => {
    setAt(pkg.key, ['items', 'http-status', 'answer'], 'b');
    setAt(pkg.exam, ['evil\nkey\u001b[31m'], 1);
    await pkg.save();
    const lines = await problemLines(pkg.dir);
    expect(lines).toEqual(['exam.json: $: Unrecognized key: "evil\\u000akey\\u001b[31m"']);
  });
});

describe('package folder problems', () => {
  it('reports a missing folder', async () => {
    const missing = path.join(pkg.dir, 'nope');
    expect(await problemLines(missing)).toEqual([`.: $: package folder "${missing}" does not exist`]);
  });

  it('reports a file given as the package', async () => {
    const file = path.join(pkg.dir, 'exam.json');
    expect(await problemLines(file)).toEqual([`.: $: "${file}" is not a folder`]);
  });
});

describe('loadPackageOrThrow', () => {
  it('returns the package when valid', async () => {
    const loaded = await loadPackageOrThrow(pkg.dir);
    expect(loaded.exam.id).toBe('demo');
  });

  it('throws package-invalid with every problem in details', async () => {
    setAt(pkg.key, ['examId'], 'other');
    await pkg.save();
    const error = await loadPackageOrThrow(pkg.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigilError);
    expect((error as VigilError).code).toBe('package-invalid');
    expect((error as VigilError).details).toEqual([{ file: 'key.json', path: 'examId', reason: '"other" does not match exam.json id "demo"' }]);
    expect((error as VigilError).message).toContain('key.json: examId: "other" does not match exam.json id "demo"');
  });
});

describe('loadPackage on a coding item with weighted tests and malformed skills', () => {
  // Found by the package fuzz test: a skills list holding an object whose toString is not a
  // function made the weighted-tests check throw ("Cannot convert object to primitive value").
  it('reports the skills as a problem instead of throwing', async () => {
    setAt(pkg.exam, [...I.coding, 'skills'], [{ toString: '' }]);
    await pkg.save();
    const lines = await problemLines(pkg.dir);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('exam.json:') && l.includes('skills'))).toBe(true);
  });
});
