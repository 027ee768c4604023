import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/canonicalJson.js';
import {
  answerDataSchema,
  journalDataSchemaFor,
  journalEntrySchema,
  journalHashInput,
  stateDataSchema,
  verifyChain,
  violationDataSchema,
  type JournalEntry,
  type JournalEntryType,
} from '../../../shared/journal.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function chain(items: Array<{ type: JournalEntryType; data: unknown }>): JournalEntry[] {
  const out: JournalEntry[] = [];
  let prev: string | null = null;
  items.forEach((item, i) => {
    const body = { seq: i + 1, at: new Date(Date.UTC(2026, 0, 1, 9, 0, i)).toISOString(), mono: i * 10, type: item.type, data: item.data, prev };
    const hash = sha256(journalHashInput(body));
    out.push({ ...body, hash });
    prev = hash;
  });
  return out;
}

const sample = () =>
  chain([
    { type: 'state', data: { from: 'checked-in', to: 'preflight' } },
    { type: 'answer', data: { itemId: 'q1', value: 'B' } },
    { type: 'flag', data: { itemId: 'q1', flagged: true } },
  ]);

describe('journal hashing', () => {
  it('hashes the canonical JSON of the entry without its hash', () => {
    const [first] = sample();
    const { hash, ...rest } = first as JournalEntry;
    expect(journalHashInput(first as JournalEntry)).toBe(canonicalJson(rest));
    expect(hash).toBe(sha256(canonicalJson(rest)));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and names its head', () => {
    const entries = sample();
    expect(verifyChain(entries, sha256)).toEqual({ ok: true, headHash: entries[2]?.hash, lastSeq: 3 });
    expect(verifyChain([], sha256)).toEqual({ ok: true, headHash: null, lastSeq: 0 });
  });

  it('finds altered data', () => {
    const entries = sample();
    (entries[1] as JournalEntry).data = { itemId: 'q1', value: 'C' };
    expect(verifyChain(entries, sha256)).toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/hash/) });
  });

  it('finds a removed entry and a broken link', () => {
    const entries = sample();
    expect(verifyChain([entries[0] as JournalEntry, entries[2] as JournalEntry], sha256)).toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/expected seq 2/) });
    const relinked = chain([
      { type: 'answer', data: { itemId: 'a', value: 1 } },
      { type: 'answer', data: { itemId: 'b', value: 2 } },
    ]);
    const forged = { ...(relinked[1] as JournalEntry), prev: 'f'.repeat(64) };
    expect(verifyChain([relinked[0] as JournalEntry, forged], sha256)).toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/prev/) });
  });

  it('continues from a verified prefix (as the hub checks entries as they arrive)', () => {
    const entries = sample();
    const head = verifyChain(entries.slice(0, 2), sha256);
    expect(head.ok).toBe(true);
    if (!head.ok) return;
    expect(verifyChain(entries.slice(2), sha256, head)).toMatchObject({ ok: true, lastSeq: 3 });
    expect(verifyChain(entries.slice(2), sha256)).toMatchObject({ ok: false, seq: 3 });
  });
});

describe('journal schemas', () => {
  it('validates entries', () => {
    const [entry] = sample();
    expect(journalEntrySchema.safeParse(entry).success).toBe(true);
    expect(journalEntrySchema.safeParse({ ...entry, seq: 0 }).success).toBe(false);
    expect(journalEntrySchema.safeParse({ ...entry, type: 'note' }).success).toBe(false);
    expect(journalEntrySchema.safeParse({ ...entry, at: 'yesterday' }).success).toBe(false);
    expect(journalEntrySchema.safeParse({ ...entry, mono: -1 }).success).toBe(false);
    expect(journalEntrySchema.safeParse({ ...entry, hash: 'abc' }).success).toBe(false);
  });

  it('types the payloads the journal defines and keeps extra context', () => {
    expect(stateDataSchema.safeParse({ from: 'in-progress', to: 'submitted', reason: 'time-up' }).success).toBe(true);
    expect(stateDataSchema.safeParse({ from: 'in-progress', to: 'finished' }).success).toBe(false);
    expect(answerDataSchema.safeParse({ itemId: 'q1' }).success).toBe(false);
    expect(answerDataSchema.safeParse({ itemId: 'q1', value: null }).success).toBe(true);
    expect(violationDataSchema.parse({ kind: 'clock-jump', severity: 'warning', detail: '+3.2 s', jumpMs: 3200 })).toMatchObject({ jumpMs: 3200 });
    expect(violationDataSchema.safeParse({ kind: 'clock-jump', severity: 'fatal', detail: '' }).success).toBe(false);
    expect(journalDataSchemaFor('answer')).toBe(answerDataSchema);
    expect(journalDataSchemaFor('timer')).toBeUndefined();
  });
});
