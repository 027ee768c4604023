/**
 * DESIGN 5: no acknowledged answer is ever lost to a crash or `kill -9`. A child saves answers in
 * a tight loop, printing each acknowledgement; we SIGKILL it at a random moment (sometimes while it
 * is still opening or repairing the store), reopen the store here and check every acknowledged
 * answer is there: 200 kills, several attempt folders reopened again and again.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAttemptStore } from '../../../electron/core/store/attemptStore.js';
import { sha256Hex } from '../../../electron/base/sha256.js';
import { verifyChain } from '../../../shared/journal.js';
import { bundleFixture } from '../../fixtures/store/bundleFixture.js';

const KILLS = 200;
const LANES = 2; // children running at once, each lane on its own folders
const DIRS_PER_LANE = 4;
const ITEMS = 7;

let root: string;
let childScript: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-crash-'));
  childScript = await bundleFixture(join(import.meta.dirname, '../../fixtures/store/saveLoop.ts'), root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface KillOutcome {
  /** Killed at a random moment from spawn (maybe while opening), rather than once saving had begun. */
  early: boolean;
  opened: boolean;
  /** `[index, itemId, value]` of every acknowledged save, in order. */
  acks: Array<{ i: number; itemId: string; value: string }>;
}

/** Runs the child and SIGKILLs it: either at a random moment from spawn, or at a random time after its first acknowledged save. */
function runAndKill(dir: string, tag: string, rand: () => number): Promise<KillOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    const killAfter = (ms: number) => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
    };
    const early = rand() < 0.2;
    if (early) killAfter(rand() * 150);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!early && out.includes('\nack ')) killAfter(rand() * 30);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // A child that never opens (it crashed by itself) must fail the test, not hang it.
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (timer !== null) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`child exited by itself (code ${code}, signal ${signal}): ${err}`));
        return;
      }
      const acks: KillOutcome['acks'] = [];
      // Only whole lines: each ack is one write to a pipe, far below PIPE_BUF, so it arrives whole or not at all.
      for (const line of out.split('\n').slice(0, -1)) {
        const m = /^ack (\S+) (\S+):(\d+)$/.exec(line);
        if (m) acks.push({ i: Number(m[3]), itemId: m[1] as string, value: `${m[2]}:${m[3]}` });
      }
      resolve({ early, opened: out.startsWith('open\n'), acks });
    });
  });
}

/** Mulberry32: a seeded generator, so a failure can be replayed from the printed seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The answer value as stored: long answers carry padding after `<tag>:<i>:`. */
function shortValue(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`unexpected answer value ${JSON.stringify(value)}`);
  const [tag, i] = value.split(':');
  return `${tag}:${i}`;
}

describe('attempt store under SIGKILL', () => {
  it(`keeps every acknowledged answer across ${KILLS} kills`, async () => {
    const seed = Number(process.env.VIGIL_CRASH_SEED ?? Date.now() % 1_000_000);
    const rand = seeded(seed);
    const stats = { kills: 0, acks: 0, inFlightKept: 0, earlyKills: 0, killedBeforeOpen: 0 };

    const lane = async (laneNo: number, kills: number) => {
      const dirs = Array.from({ length: DIRS_PER_LANE }, (_, d) => join(root, `lane${laneNo}-attempt${d}`));
      /** What each folder must hold, per item: the value we last saw there. */
      const expected = dirs.map(() => new Map<string, string>());
      for (let k = 0; k < kills; k++) {
        const d = k % DIRS_PER_LANE;
        const dir = dirs[d] as string;
        const before = expected[d] as Map<string, string>;
        const tag = `r${laneNo}x${k}`;
        const outcome = await runAndKill(dir, tag, rand);
        stats.kills++;
        stats.acks += outcome.acks.length;
        if (outcome.early) stats.earlyKills++;
        else expect(outcome.acks.length, 'a mid-save kill comes after the first acknowledgement').toBeGreaterThan(0);
        if (!outcome.opened) stats.killedBeforeOpen++;

        const lastAck = new Map<string, string>();
        for (const ack of outcome.acks) lastAck.set(ack.itemId, ack.value);
        // At most one save was in flight: the one after the last acknowledged.
        const next = (outcome.acks.at(-1)?.i ?? -1) + 1;
        const inFlight = { itemId: `item-${next % ITEMS}`, value: `${tag}:${next}` };

        const store = await openAttemptStore({ dir });
        try {
          const view = store.view();
          const context = `seed ${seed}, lane ${laneNo}, kill ${k}, dir ${dir}`;
          for (let item = 0; item < ITEMS; item++) {
            const itemId = `item-${item}`;
            const saved = view.answers[itemId];
            const must = lastAck.get(itemId) ?? before.get(itemId);
            const got = saved === undefined ? undefined : shortValue(saved.value);
            if (got !== must) {
              expect(got === inFlight.value && itemId === inFlight.itemId, `${context}: ${itemId} is ${got}, acknowledged ${must}`).toBe(true);
              stats.inFlightKept++;
            }
            if (got !== undefined) before.set(itemId, got);
          }
          // The chain is intact, and attempt.json (replaced atomically) was never found damaged.
          expect(verifyChain(store.entries(), sha256Hex).ok, context).toBe(true);
          const damaged = store.repairs().filter((r) => r.what === 'attempt-json' && !r.detail.startsWith('attempt.json was missing'));
          expect(damaged, context).toEqual([]);
        } finally {
          await store.close();
        }
      }
    };

    const perLane = KILLS / LANES;
    await Promise.all(Array.from({ length: LANES }, (_, l) => lane(l, perLane)));

    expect(stats.kills).toBe(KILLS);
    // Most kills must land while saving, not before: otherwise this test proves little.
    expect(stats.kills - stats.earlyKills).toBeGreaterThan(KILLS / 2);
    // Nothing is left behind that would block the next open: no lock, no temp files.
    for (const name of await readdir(root)) {
      if (!name.startsWith('lane')) continue;
      const left = (await readdir(join(root, name))).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'));
      expect(left, name).toEqual([]);
    }
    process.stdout.write(`crash test: seed ${seed}, ${JSON.stringify(stats)}\n`);
  });
});
