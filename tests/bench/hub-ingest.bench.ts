/**
 * hub-ingest (DESIGN 10): heartbeats/s on one core >= 0.5 x a bare node:http JSON handler; 1,000
 * simulated candidates for 60 s: p99 <= 50 ms, nothing lost.
 *
 * The servers (the hub, and the bare handler as the baseline) run in child processes pinned to
 * core 0 with `taskset` when it exists (the row says `pinned`); the load generator runs in another
 * child pinned to core 1. The generator is a minimal keep-alive HTTP/1.1 client on raw sockets
 * (wrk-style) so that its own cost does not cap what a server is measured to do.
 *
 * Rows:
 * - hub-heartbeats-per-second (req/s, baseline: the bare handler): 32 connections, 8 requests
 *   pipelined on each (HTTP/1.1; the servers still answer each with its own write), the same
 *   bytes to both servers; 5 alternating rounds of 3 s after 1 s of warm-up, best of each side,
 *   so that load from other processes on the machine does not land on one side only;
 * - hub-1000-candidates-p99 (ms, from the moment a request is due to its full reply): every
 *   candidate a heartbeat a second on its own connection, and every 5 s a batch of 1-3 journal
 *   entries, for BENCH_SECONDS (default 60); `eventsP99` is the journal batches' alone (they wait
 *   for the store's commit). Not pinned: this is the latency a room sees, not one core's capacity;
 * - hub-1000-candidates-lost (count): heartbeats or event batches without a 200, plus entries the
 *   hub acknowledged but does not hold when asked afterwards; the row splits it into `refused`,
 *   `dropped` (connection), `unanswered` (still queued when the 15 s drain ended: overload) and
 *   `missing` (acknowledged but not held: the only one that would be lost data).
 *
 * Every row names its `store`: `--store sqlite` (default), `postgres` (a throw-away cluster this
 * bench starts, as the tests do) or `all` (each in turn, so the p99s can be compared). With
 * postgres, the hub-replicas rows follow: REPLICA_CANDIDATES (5,000) candidates across 2 replicas
 * on one database (goal: p99 <= 50 ms, 0 lost), after a warm-up crowd (see replicas()).
 *
 * Candidates connect before a crowd's clock starts (`connectMs`), as a room's laptops are
 * connected before the minute measured.
 *
 * `HUB_BENCH_TIMELINE=1` also prints, on stderr, when each crowd starts (wall time, to line it up
 * with samples taken outside, e.g. of pg_stat_activity), each crowd second's request count, p50
 * and max (in all, and per server for heartbeats and journal batches apart), and each hub child's
 * event-loop delay and CPU per second (where a p99 comes from: a start-up storm or a steady
 * overload).
 *
 * `HUB_BENCH_ROWS=replicas` (with `--store postgres`) runs only the hub-replicas rows.
 *
 * `HUB_BENCH_PROFILE=<dir>` writes V8 CPU profiles of each server child (hub, bare, fastify) into
 * <dir>/<role>-<n>/.
 *
 * Children are this file run with `HUB_BENCH_ROLE=hub|bare|load` (see `child()`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import net from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { journalHashInput, type JournalEntry } from '../../shared/journal.js';
import { sha256Hex } from '../../electron/base/sha256.js';
import { LISTEN_BACKLOG } from '../../electron/hub/createHubServer.js';
import type { Report } from './run.js';

const HERE = fileURLToPath(import.meta.url);
const REPO = join(HERE, '..', '..', '..');
const DEMO = join(REPO, 'resources', 'exams', 'demo');
const PASSWORD = 'bench-password';
const ACCESS_CODE = 'BENCHCODE';
const CANDIDATES = 1000;
const THROUGHPUT_CONNECTIONS = 32;
/**
 * Requests sent together on a connection (HTTP/1.1 pipelining): the generator then costs a fraction
 * of a syscall per request, so it is not what limits a fast server; each reply is still its own write.
 */
const PIPELINE_DEPTH = 8;
const THROUGHPUT_ROUNDS = 5;
const THROUGHPUT_WARMUP_MS = 1000;
const THROUGHPUT_MS = 3000;

export async function run(report: Report): Promise<void> {
  const choice = process.env.BENCH_STORE ?? 'sqlite';
  const stores = choice === 'all' ? (['sqlite', 'postgres'] as const) : [choice === 'postgres' ? ('postgres' as const) : ('sqlite' as const)];
  for (const store of stores) {
    if (store === 'sqlite') {
      await runOn(report, store, undefined);
      continue;
    }
    const { startPgCluster } = await import('../support/pgCluster.js');
    const cluster = await startPgCluster();
    try {
      // HUB_BENCH_ROWS=replicas: the replica rows alone (a few minutes less when working on them).
      if (process.env.HUB_BENCH_ROWS !== 'replicas') await runOn(report, store, await cluster.createDatabase('hub_bench'));
      await replicas(report, await cluster.createDatabase('hub_replicas'));
    } finally {
      await cluster.stop();
    }
  }
}

/**
 * hub-replicas: REPLICA_CANDIDATES (default 5,000) simulated candidates spread over 2 hub
 * replicas on one PostgreSQL database for BENCH_SECONDS; p99 and lost as in the crowd rows
 * (entries acknowledged by either replica must be held when the first is asked afterwards).
 *
 * The replicas are new processes: before the measured crowd, another crowd of as many candidates
 * runs REPLICA_WARMUP_SECONDS (10) on them, and its figures are printed too (`fresh*`). A hub
 * process's first two seconds under a room's load are its warm-up (V8 compiling the request path
 * while both cores are taken), and a hub serves for hours; the measured crowd still enrolls new
 * candidates, all on the first replica, so the second meets each of them cold (docs/hub.md).
 */
async function replicas(report: Report, storeUrl: string): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const count = Number(process.env.REPLICA_CANDIDATES ?? 5000);
  const warmupSeconds = Number(process.env.REPLICA_WARMUP_SECONDS ?? 10);
  const dirs = [await mkdtemp(join(tmpdir(), 'vigil-hub-replica-a-')), await mkdtemp(join(tmpdir(), 'vigil-hub-replica-b-'))];
  // The baseline first: two bare node:http servers (see bareServer) under the same crowd, so the
  // row shows how much of the p99 this machine (2 cores for servers, database and generator) allows.
  const bares = await Promise.all([0, 1].map(() => startChild('bare', 0, false)));
  const baseline = await runLoad({ mode: 'bare-crowd', urls: bares.map((b) => b.url), seconds, count }, false).finally(() => {
    for (const b of bares) b.child.kill('SIGKILL');
  });
  const hubs = await Promise.all(dirs.map((dir) => startChild('hub', 0, false, { HUB_BENCH_DATA: dir, HUB_BENCH_STORE: storeUrl })));
  try {
    const fresh = await runLoad({ mode: 'crowd', urls: hubs.map((h) => h.url), seconds: warmupSeconds, count, prefix: 'fresh' }, false);
    const crowdResult = await runLoad({ mode: 'crowd', urls: hubs.map((h) => h.url), seconds, count }, false);
    const freshFigures = { freshP99: fresh.p99, freshMax: fresh.max, freshSeconds: warmupSeconds };
    report({ name: 'hub-replicas-p99', unit: 'ms', value: crowdResult.p99 as number, baseline: baseline.p99 as number, baselineOf: '2 bare node:http servers, same crowd', store: 'postgres', replicas: 2, candidates: count, seconds, p50: crowdResult.p50, max: crowdResult.max, eventsP99: crowdResult.eventsP99, requests: crowdResult.requests, connectMs: crowdResult.connectMs, baselineP50: baseline.p50, baselineMax: baseline.max, ...freshFigures });
    // Nothing may be lost in either crowd.
    report({ name: 'hub-replicas-lost', unit: 'count', value: (crowdResult.lost as number) + (fresh.lost as number), freshLost: fresh.lost, store: 'postgres', replicas: 2, candidates: count, seconds, entries: crowdResult.entries, refused: crowdResult.refused, dropped: crowdResult.dropped, unanswered: crowdResult.unanswered, missing: crowdResult.missing });
  } finally {
    for (const h of hubs) h.child.kill('SIGTERM');
    await Promise.all(hubs.map((h) => new Promise((r) => (h.child.exitCode !== null ? r(null) : h.child.once('exit', r)))));
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

async function runOn(plain: Report, store: 'sqlite' | 'postgres', storeUrl: string | undefined): Promise<void> {
  const report: Report = (row) => plain({ ...row, store });
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const pinned = spawnSync('taskset', ['-V']).status === 0;
  if (!pinned) process.stderr.write('hub-ingest: taskset not found; server and load generator are not pinned to cores\n');

  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-hub-bench-'));
  const bare = await startChild('bare', 0, pinned);
  const framework = await startChild('fastify', 0, pinned);
  const hub = await startChild('hub', 0, pinned, { HUB_BENCH_DATA: dataDir, ...(storeUrl ? { HUB_BENCH_STORE: storeUrl } : {}) });
  try {
    // Alternating rounds, best of each: load from other processes on this machine comes and goes,
    // and must not land on one side only.
    const tp = await runLoad({ mode: 'throughput', bare: bare.url, fastify: framework.url, hub: hub.url }, pinned);
    // SIGTERM: a baseline ends by exiting, which writes its CPU profile when one was asked for.
    bare.child.kill('SIGTERM');
    framework.child.kill('SIGTERM');
    const fastifyRatio = Math.round(((tp.fastify as number) / (tp.bare as number)) * 1000) / 1000;
    report({ name: 'hub-heartbeats-per-second', unit: 'req/s', value: Math.round(tp.hub as number), baseline: Math.round(tp.bare as number), pinned, fastify: Math.round(tp.fastify as number), fastifyRatio, rounds: tp.rounds });
    // The crowd measures latency as a room would see it, not one core's capacity: the hub and the
    // candidates may use any core from here on, as they would on a real machine.
    if (pinned && hub.child.pid !== undefined) spawnSync('taskset', ['-a', '-p', '-c', `0-${Math.max(0, availableParallelism() - 1)}`, String(hub.child.pid)]);
    const crowd = await runLoad({ mode: 'crowd', url: hub.url, seconds }, false);
    report({ name: 'hub-1000-candidates-p99', unit: 'ms', value: crowd.p99 as number, seconds, p50: crowd.p50, max: crowd.max, eventsP99: crowd.eventsP99, requests: crowd.requests, connectMs: crowd.connectMs });
    report({ name: 'hub-1000-candidates-lost', unit: 'count', value: crowd.lost as number, seconds, entries: crowd.entries, refused: crowd.refused, dropped: crowd.dropped, unanswered: crowd.unanswered, missing: crowd.missing });
  } finally {
    bare.child.kill('SIGKILL');
    framework.child.kill('SIGKILL');
    hub.child.kill('SIGTERM');
    await new Promise((r) => hub.child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Parent side: children and their output.

let profiled = 0;

function spawnRole(role: string, core: number, pinned: boolean, env: Record<string, string>): ChildProcess {
  // HUB_BENCH_PROFILE=<dir>: a V8 CPU profile of each server child (the baselines' too, to
  // compare), written when it exits into <dir>/<role>-<n>/, one file per thread (the main
  // thread's is the larger: tsx's loader has a thread of its own).
  const profile = role !== 'load' && process.env.HUB_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.HUB_BENCH_PROFILE, `${role}-${++profiled}`)}`] : [];
  const node = [process.execPath, ...profile, '--import', 'tsx', HERE];
  const [cmd, ...args] = pinned ? ['taskset', '-c', String(core), ...node] : node;
  return spawn(cmd as string, args, { cwd: REPO, env: { ...process.env, ...env, HUB_BENCH_ROLE: role }, stdio: ['ignore', 'pipe', 'inherit'] });
}

function startChild(role: 'hub' | 'bare' | 'fastify', core: number, pinned: boolean, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawnRole(role, core, pinned, env);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before listening`)));
  });
}

function runLoad(params: Record<string, unknown>, pinned: boolean): Promise<Record<string, unknown>> {
  const child = spawnRole('load', 1, pinned, { HUB_BENCH_PARAMS: JSON.stringify(params) });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${out}`));
      resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Child side.

/** Entry point of the child processes. */
export async function child(role: string): Promise<void> {
  if (role === 'bare') return bareServer();
  if (role === 'fastify') return fastifyServer();
  if (role === 'hub') return hubServer();
  if (role === 'load') {
    const params = JSON.parse(process.env.HUB_BENCH_PARAMS ?? '{}') as { mode: string; url: string; urls?: string[]; count?: number; bare: string; fastify: string; hub: string; seconds?: number; prefix?: string };
    const result = params.mode === 'throughput' ? await throughputRounds(params.bare, params.fastify, params.hub) : await crowd(params.urls ?? params.url, params.seconds ?? 60, params.count, params.mode === 'bare-crowd', params.prefix);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  throw new Error(`unknown role ${role}`);
}

/** The baseline: node:http, parse the JSON body, answer a heartbeat-shaped JSON reply. */
function bareServer(): void {
  process.on('SIGTERM', () => process.exit(0));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let status = 200;
      let body: string;
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        body = JSON.stringify({ serverTime: new Date().toISOString(), commands: [], ackSeq: 0 });
      } catch {
        status = 400;
        body = '{"code":"invalid-params","message":"bad JSON"}';
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  // The hub's backlog, so a crowd connecting at once meets the same queue at both.
  server.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => {
    const { port } = server.address() as net.AddressInfo;
    process.stdout.write(`listening on http://127.0.0.1:${port}/\n`);
  });
}

/**
 * What the framework alone allows: the Fastify the hub runs, no plugins, one route on the
 * heartbeat path answering what the bare handler answers (its own JSON body parser).
 */
async function fastifyServer(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  process.on('SIGTERM', () => process.exit(0));
  const app = Fastify({ logger: false });
  app.post('/api/v1/attempts/:id/heartbeats', async () => ({ serverTime: new Date().toISOString(), commands: [], ackSeq: 0 }));
  const server = app.server;
  server.keepAliveTimeout = 60_000;
  await app.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG });
  const { port } = server.address() as net.AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}/\n`);
}

async function hubServer(): Promise<void> {
  const { createHubServer } = await import('../../electron/hub/createHubServer.js');
  const hub = await createHubServer({
    examDir: DEMO,
    dataDir: process.env.HUB_BENCH_DATA ?? join(tmpdir(), 'vigil-hub-bench'),
    storeUrl: process.env.HUB_BENCH_STORE,
    accessCode: ACCESS_CODE,
    proctorPassword: PASSWORD,
    // Every candidate enrolls from this one address in a few seconds, and the throughput run sends
    // each token more than the 10/s a candidate may: the limiter still runs, at the same cost.
    rateLimits: { enroll: 1_000_000, heartbeat: 1_000_000 },
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`listening on ${hub.url}\n`);
  if (process.env.HUB_BENCH_TIMELINE) {
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    let last = process.cpuUsage();
    setInterval(() => {
      const used = process.cpuUsage(last);
      last = process.cpuUsage();
      process.stderr.write(`hub loop max=${(h.max / 1e6).toFixed(0)}ms cpu=${((used.user + used.system) / 1e4).toFixed(0)}%\n`);
      h.reset();
    }, 1000).unref();
  }
  process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
}

// ---- the load generator ----

interface Reply {
  status: number;
  body: Buffer;
}

/** One keep-alive HTTP/1.1 connection; requests may be pipelined (answers come back in order). */
class RawConnection {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];
  private readonly ready: Promise<void>;

  constructor(url: URL) {
    this.socket = net.connect({ host: url.hostname, port: Number(url.port) });
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (d: Buffer) => this.onData(d));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Resolves once the TCP connection is up. */
  connected(): Promise<void> {
    return this.ready;
  }

  async request(bytes: Buffer): Promise<Reply> {
    const [reply] = await this.pipeline([bytes]);
    return reply as Reply;
  }

  /** Sends the requests in one write; resolves with their replies, in order. */
  async pipeline(requests: Buffer[]): Promise<Reply[]> {
    await this.ready;
    const replies = requests.map(() => new Promise<Reply>((resolve, reject) => this.waiting.push({ resolve, reject })));
    this.socket.write(requests.length === 1 ? (requests[0] as Buffer) : Buffer.concat(requests));
    return Promise.all(replies);
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(error);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const head = this.buffer.toString('latin1', 0, headerEnd);
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = headerEnd + 4 + length;
      if (this.buffer.length < total) return;
      const status = Number(head.slice(9, 12));
      const body = this.buffer.subarray(headerEnd + 4, total);
      this.buffer = this.buffer.subarray(total);
      this.waiting.shift()?.resolve({ status, body });
    }
  }
}

function httpRequest(method: string, path: string, body: unknown, token?: string): Buffer {
  const text = JSON.stringify(body);
  const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(text)}`];
  if (token) head.push(`Authorization: Bearer ${token}`);
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${text}`, 'utf8');
}

const heartbeatBody = (seq: number) => ({ state: 'in-progress', answered: 3, remainingMs: 1_800_000, lastSavedAt: '2026-05-01T09:10:00.000Z', journalSeq: seq });

interface Enrolled {
  attemptId: string;
  token: string;
}

/** Enrolls CANDIDATES devices (50 at a time); the hub is the same for both measurements. */
async function enrollAll(url: URL, prefix: string, count = CANDIDATES): Promise<Enrolled[]> {
  const out: Enrolled[] = [];
  const conns = Array.from({ length: 50 }, () => new RawConnection(url));
  for (let start = 0; start < count; start += conns.length) {
    const batch = await Promise.all(
      conns.map(async (conn, i) => {
        const n = start + i;
        if (n >= count) return null;
        const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const reply = await conn.request(
          httpRequest('POST', '/api/v1/enroll', { accessCode: ACCESS_CODE, candidateId: `${prefix}-${n}`, candidateName: `Bench ${n}`, devicePublicKey: publicKey, deviceInfo: {} }),
        );
        if (reply.status !== 201) throw new Error(`enroll ${n}: ${reply.status} ${reply.body.toString()}`);
        return JSON.parse(reply.body.toString()) as Enrolled;
      }),
    );
    for (const e of batch) if (e) out.push(e);
  }
  for (const c of conns) c.close();
  return out;
}

/**
 * Closed-loop heartbeats, taking turns between the servers (the bare handler, bare Fastify, the
 * hub); the best rate of each.
 */
async function throughputRounds(bareUrl: string, fastifyUrl: string, hubUrl: string): Promise<Record<string, unknown>> {
  const hub = new URL(hubUrl);
  const attempts = await enrollAll(hub, 'tp');
  const hubRequests = attempts.map((a) => httpRequest('POST', `/api/v1/attempts/${a.attemptId}/heartbeats`, heartbeatBody(0), a.token));
  const sides = { bare: new URL(bareUrl), fastify: new URL(fastifyUrl), hub } as const;
  const rounds: Array<Record<keyof typeof sides, number>> = [];
  for (let i = 0; i < THROUGHPUT_ROUNDS; i++) {
    // The baselines get the same bytes (they do not look at the token).
    rounds.push({ bare: await throughput(sides.bare, hubRequests), fastify: await throughput(sides.fastify, hubRequests), hub: await throughput(sides.hub, hubRequests) });
  }
  const best = (side: keyof typeof sides) => Math.max(...rounds.map((r) => r[side]));
  return { bare: best('bare'), fastify: best('fastify'), hub: best('hub'), rounds: rounds.map((r) => ({ bare: Math.round(r.bare), fastify: Math.round(r.fastify), hub: Math.round(r.hub) })) };
}

/** Closed-loop requests on THROUGHPUT_CONNECTIONS connections: completed 200s per second. */
async function throughput(url: URL, requests: Buffer[]): Promise<number> {
  const conns = Array.from({ length: THROUGHPUT_CONNECTIONS }, () => new RawConnection(url));
  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  let done = 0;
  let next = 0;
  const loops = conns.map(async (conn) => {
    while (phase !== 'stop') {
      const batch = Array.from({ length: PIPELINE_DEPTH }, () => requests[next++ % requests.length] as Buffer);
      const replies = await conn.pipeline(batch);
      if (phase === 'measure') for (const reply of replies) if (reply.status === 200) done++;
    }
  });
  await sleep(THROUGHPUT_WARMUP_MS);
  phase = 'measure';
  const t0 = performance.now();
  await sleep(THROUGHPUT_MS);
  const counted = done;
  const elapsed = performance.now() - t0;
  phase = 'stop';
  await Promise.all(loops);
  for (const c of conns) c.close();
  return counted / (elapsed / 1000);
}

interface Candidate {
  conn: RawConnection;
  /** Which of the servers it talks to (an index into the crowd's URLs). */
  replica: number;
  attemptId: string;
  token: string;
  seq: number;
  prev: string | null;
  /** The highest seq the hub acknowledged. */
  acked: number;
  queue: Array<{ bytes: Buffer; queuedAt: number; lastSeq: number | null }>;
  busy: boolean;
}

/**
 * 1,000 candidates (or `count`): a heartbeat every second each, and every 5 s a batch of 1-3
 * journal entries. With several `bases` (replicas), candidate i talks to replica i mod n; the
 * check afterwards asks the first.
 */
async function crowd(bases: string | string[], seconds: number, count = CANDIDATES, bare = false, prefix = 'crowd'): Promise<Record<string, unknown>> {
  const urls = (Array.isArray(bases) ? bases : [bases]).map((b) => new URL(b));
  const url = urls[0] as URL;
  // Against bare servers (the baseline) nothing is enrolled or kept: the same requests on the same
  // schedule, answered without any work, show what this machine and this generator allow.
  const enrolled = bare ? Array.from({ length: count }, (_, i) => ({ attemptId: `bare-${i}`, token: 'bare-token' })) : await enrollAll(url, prefix, count);
  // Candidates in a room are connected before the minute measured (they enrolled, and keep their
  // connection alive): 5,000 connections opened in the first second were the generator's and the
  // servers' own storm (bare servers: p50 39 ms, max 420 ms in that second). The connects are
  // timed on their own (`connectMs`); a second to let the servers accept them all.
  const connectStart = performance.now();
  const candidates: Candidate[] = enrolled.map((e, i) => ({ conn: new RawConnection(urls[i % urls.length] as URL), replica: i % urls.length, attemptId: e.attemptId, token: e.token, seq: 0, prev: null, acked: 0, queue: [], busy: false }));
  await Promise.all(candidates.map((c) => c.conn.connected()));
  const connectMs = Math.round(performance.now() - connectStart);
  await sleep(1000);
  const latencies: number[] = [];
  const eventLatencies: number[] = [];
  // Why a request counts as lost: refused (not 200, or an ackSeq short of the batch), its
  // connection dropped, or still unanswered when the drain gave up (an overloaded server).
  let refused = 0;
  let dropped = 0;
  let entries = 0;

  // Per second, per replica (candidate i talks to replica i mod n) and kind: where a storm is.
  type Second = { beats: number[]; events: number[] };
  const timeline: Second[][] = [];
  let started = performance.now();
  const pump = async (c: Candidate): Promise<void> => {
    if (c.busy) return;
    c.busy = true;
    while (c.queue.length > 0) {
      const job = c.queue.shift() as Candidate['queue'][number];
      try {
        const reply = await c.conn.request(job.bytes);
        const latency = performance.now() - job.queuedAt;
        latencies.push(latency);
        if (process.env.HUB_BENCH_TIMELINE) {
          const replicas = (timeline[Math.floor((job.queuedAt - started) / 1000)] ??= urls.map(() => ({ beats: [], events: [] })));
          (replicas[c.replica] as Second)[job.lastSeq === null ? 'beats' : 'events'].push(latency);
        }
        if (job.lastSeq !== null) eventLatencies.push(latency);
        if (reply.status !== 200) {
          refused++;
          continue;
        }
        if (job.lastSeq !== null && !bare) {
          const { ackSeq } = JSON.parse(reply.body.toString()) as { ackSeq: number };
          if (ackSeq < job.lastSeq) refused++;
          c.acked = Math.max(c.acked, ackSeq);
        }
      } catch {
        // A dropped connection loses the request: that is what this bench counts.
        dropped++;
      }
    }
    c.busy = false;
  };

  const journalBatch = (c: Candidate, tick: number): Buffer => {
    const batch: JournalEntry[] = [];
    for (let i = 0; i < 1 + ((tick + c.seq) % 3); i++) {
      const unhashed = { seq: c.seq + 1, at: new Date().toISOString(), mono: tick * 1000 + i, type: 'answer' as const, data: { itemId: 'cache-header', value: `ETag ${c.seq + 1}` }, prev: c.prev };
      const entry = { ...unhashed, hash: sha256Hex(journalHashInput(unhashed)) };
      batch.push(entry);
      c.seq = entry.seq;
      c.prev = entry.hash;
    }
    entries += batch.length;
    return httpRequest('POST', `/api/v1/attempts/${c.attemptId}/events`, { entries: batch }, c.token);
  };

  started = performance.now();
  if (process.env.HUB_BENCH_TIMELINE) process.stderr.write(`crowd starts at ${new Date().toISOString()}\n`);
  const end = started + seconds * 1000;
  const timers: NodeJS.Timeout[] = [];
  await new Promise<void>((resolve) => {
    let finished = 0;
    candidates.forEach((c, index) => {
      // Spread over the second, like real laptops that started at different moments.
      const offset = (index * 997) % 1000;
      let tick = 0;
      const beat = () => {
        const now = performance.now();
        if (now >= end) {
          if (++finished === candidates.length) resolve();
          return;
        }
        c.queue.push({ bytes: httpRequest('POST', `/api/v1/attempts/${c.attemptId}/heartbeats`, heartbeatBody(c.seq), c.token), queuedAt: now, lastSeq: null });
        if (tick % 5 === index % 5) c.queue.push({ bytes: journalBatch(c, tick), queuedAt: now, lastSeq: c.seq });
        void pump(c);
        tick++;
        timers.push(setTimeout(beat, Math.max(0, started + offset + tick * 1000 - performance.now())));
      };
      timers.push(setTimeout(beat, offset));
    });
  });
  for (const t of timers) clearTimeout(t);
  const drainUntil = performance.now() + 15_000;
  while (candidates.some((c) => c.busy || c.queue.length > 0) && performance.now() < drainUntil) await sleep(50);
  let unanswered = 0;
  for (const c of candidates) unanswered += c.queue.length + (c.busy ? 1 : 0);
  const failed = refused + dropped + unanswered;
  const why = { refused, dropped, unanswered };

  latencies.sort((a, b) => a - b);
  eventLatencies.sort((a, b) => a - b);
  const pct = (list: number[], p: number) => Number((list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)] ?? NaN).toFixed(2));
  const figures = { p50: pct(latencies, 50), p99: pct(latencies, 99), max: pct(latencies, 100), eventsP99: pct(eventLatencies, 99), requests: latencies.length, connectMs };
  if (process.env.HUB_BENCH_TIMELINE) {
    const summary = (l: number[]) => {
      l.sort((a, b) => a - b);
      return `n=${l.length} p50=${l[Math.floor(l.length / 2)]?.toFixed(1)} max=${l.at(-1)?.toFixed(1)}`;
    };
    timeline.forEach((replicas, s) => {
      const all = replicas.flatMap((r) => [...r.beats, ...r.events]);
      const parts = replicas.map((r, i) => `r${i} beats ${summary(r.beats)} events ${summary(r.events)}`);
      process.stderr.write(`t=${s} ${summary(all)} | ${parts.join(' | ')}\n`);
    });
  }
  if (bare) {
    for (const c of candidates) c.conn.close();
    return { ...figures, lost: failed, ...why, entries };
  }

  // Did the hub keep every entry it acknowledged?
  const admin = new RawConnection(url);
  const login = await admin.request(httpRequest('POST', '/api/v1/proctor/login', { password: PASSWORD }));
  const { token } = JSON.parse(login.body.toString()) as { token: string };
  const list = await admin.request(Buffer.from(`GET /api/v1/proctor/attempts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n\r\n`));
  admin.close();
  const held = new Map((JSON.parse(list.body.toString()) as Array<{ attemptId: string; journalSeq: number }>).map((a) => [a.attemptId, a.journalSeq]));
  let missing = 0;
  for (const c of candidates) missing += Math.max(0, c.acked - (held.get(c.attemptId) ?? 0));
  for (const c of candidates) c.conn.close();

  // `missing`: entries the hub acknowledged but does not hold (a durability failure, unlike the rest).
  return { ...figures, lost: failed + missing, ...why, missing, entries };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (process.env.HUB_BENCH_ROLE) {
  // This file is also the children's entry point (see the header).
  void child(process.env.HUB_BENCH_ROLE).catch((error: unknown) => {
    process.stderr.write(`hub-ingest ${process.env.HUB_BENCH_ROLE}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
