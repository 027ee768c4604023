import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { contentSecurityPolicy } from '../../shared/csp.js';
import { VigilError } from '../../shared/errors.js';
import type { EventBus } from '../core/api/eventBus.js';
import { createCore, type Core } from '../core/app/createCore.js';
import { loadPackage } from '../core/package/loadPackage.js';
import { formatProblem, type ExamPackage } from '../core/package/types.js';
import { attachWsTransport } from './wsTransport.js';

export const WS_PATH = '/api/ws';

export interface HostOptions {
  examDir: string;
  /** The package, when the caller has loaded it already. */
  pkg?: ExamPackage;
  dataDir: string;
  port?: number;
  host?: string;
  /** The built renderer (index.html and assets). Defaults to out/renderer in the repository. */
  rendererDir?: string;
  version?: string;
  log?: (line: string) => void;
  /** The proctor's hub (proctored exams enroll and sync there). */
  hub?: { url: string; fingerprint?: string };
}

export interface RunningHost {
  url: string;
  bus: EventBus;
  core: Core;
  close(): Promise<void>;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** Loads and validates the exam folder, as one VigilError naming every problem. */
export async function loadExamPackage(dir: string): Promise<ExamPackage> {
  const examDir = resolve(dir);
  if (!existsSync(examDir)) throw new VigilError('not-found', `exam folder not found: ${examDir}`);
  const loaded = await loadPackage(examDir);
  if (!loaded.ok) {
    throw new VigilError('package-invalid', `exam package ${examDir} is invalid: ${loaded.problems.map(formatProblem).join('; ')}`, {
      problems: loaded.problems.map(formatProblem),
    });
  }
  return loaded.pkg;
}

/**
 * The headless host: the core services behind the WebSocket transport, plus the built renderer,
 * on one origin. Used for development, the end-to-end tests and as a kiosk-browser fallback.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const log = options.log ?? (() => {});
  const pkg = options.pkg ?? (await loadExamPackage(options.examDir));
  const dataDir = resolve(options.dataDir);
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new VigilError('storage', `cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new VigilError('not-found', `the renderer is not built (no ${join(rendererDir, 'index.html')}): run npm run build`);
  }

  const core: Core = await createCore({
    pkg,
    dataDir,
    version: options.version ?? '0.0.0',
    role: 'candidate',
    platform: process.platform,
    log,
    ...(options.hub ? { hub: options.hub } : {}),
  });
  const { bus, table } = core;

  // forceCloseConnections: a page still reconnecting must not keep close() waiting.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  const csp = contentSecurityPolicy();
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', csp);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    return payload;
  });
  await app.register(fastifyStatic, { root: rendererDir, index: 'index.html' });

  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}/`;
  const origin = url.slice(0, -1);

  const transport = attachWsTransport({
    server: app.server,
    path: WS_PATH,
    table,
    bus,
    isAllowedOrigin: (o) => o === origin || o === `http://localhost:${address.port}`,
    onInternalError: (method, error) => log(`internal error in ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });

  return {
    url,
    bus,
    core,
    async close() {
      await transport.close();
      await app.close();
      await core.close();
    },
  };
}
