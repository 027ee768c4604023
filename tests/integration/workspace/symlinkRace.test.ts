/**
 * A shell swapping workspace files for links and folders while the editor reads and writes them
 * (issue 15, point 10): every failure is an error a user can act on (conflict, not-found,
 * forbidden, invalid-params), never `internal` or an unnamed file-system error, and nothing is
 * written outside the workspace.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { VigilError } from '../../../shared/errors.js';
import { WorkspaceFiles } from '../../../electron/core/workspace/workspaceFiles.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-race-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

it('requests racing a symlink swap fail only with codes a user can act on, and never write outside', async () => {
  const ws = join(root, 'ws');
  const outside = join(root, 'outside');
  await mkdir(join(ws, 'src'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'SECRET');
  // The "shell": swaps a.txt and src between a file, a folder and links (inside and out), as fast as it can.
  const swapper = spawn('bash', [
    '-c',
    `cd "$1"; while true; do rm -rf a.txt src; ln -s "$2/secret.txt" a.txt; ln -s "$2" src; rm -f a.txt src; mkdir a.txt src; rm -rf a.txt src; echo x > a.txt; mkdir src; ln -s a.txt b.txt 2>/dev/null; rm -f b.txt; done`,
    'swap',
    ws,
    outside,
  ]);
  const files = new WorkspaceFiles({ onChange: () => {}, log: () => {} });
  const codes = new Map<string, number>();
  const unnamed: unknown[] = [];
  try {
    for (let i = 0; i < 600; i++) {
      const op = i % 4;
      const request =
        op === 0
          ? files.read(ws, 'a.txt')
          : op === 1
            ? files.write(ws, 'a.txt', `edit ${i}`)
            : op === 2
              ? files.write(ws, 'src/new.txt', `edit ${i}`)
              : files.list(ws);
      await request.then(
        () => codes.set('ok', (codes.get('ok') ?? 0) + 1),
        (error: unknown) => {
          if (error instanceof VigilError) codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
          else unnamed.push(error);
        },
      );
    }
  } finally {
    swapper.kill('SIGKILL');
  }
  expect(unnamed).toEqual([]);
  const allowed = new Set(['ok', 'conflict', 'not-found', 'forbidden', 'invalid-params']);
  expect([...codes.keys()].filter((c) => !allowed.has(c)), JSON.stringify([...codes])).toEqual([]);
  expect(codes.get('ok') ?? 0).toBeGreaterThan(0);
  expect((await readdir(outside)).sort()).toEqual(['secret.txt']);
});
