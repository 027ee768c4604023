import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { UPDATE_CHANNEL_PATTERN } from '../../../shared/provisioning.js';

/**
 * The update feed (DESIGN 9, issue 9): `GET /updates/<channel>/<file>` serves what
 * electron-builder produced for a release, copied into `<dir>/<channel>/`:
 *
 *   <dir>/stable/latest.yml          Windows (NSIS)      <dir>/stable/Vigil-1.2.0-win-x64.exe
 *   <dir>/stable/latest-linux.yml    Linux (AppImage)    <dir>/stable/Vigil-1.2.0-linux-x86_64.AppImage
 *   <dir>/stable/latest-mac.yml      macOS (zip)         <dir>/stable/Vigil-1.2.0-mac-arm64.zip
 *
 * electron-updater reads `latest*.yml` (version, file names, sha512) and then the artifact, and
 * rejects any artifact whose sha512 differs. Only plain names inside a channel folder are served:
 * no sub-folders, no dot files, nothing outside `<dir>` (symbolic links included), no listings.
 */
export const UPDATE_FEED_PREFIX = '/updates';

/** A release file name: letters, digits and `._+-`, starting with a letter or digit, never `..`. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.appimage': 'application/vnd.appimage',
  '.deb': 'application/vnd.debian.binary-package',
  '.rpm': 'application/x-rpm',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.dmg': 'application/x-apple-diskimage',
  '.zip': 'application/zip',
  '.7z': 'application/x-7z-compressed',
  '.blockmap': 'application/octet-stream',
};

export function updateContentType(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export interface UpdateFeedOptions {
  /** The folder holding one sub-folder per channel. */
  dir: string;
  /** Per-client limit, applied when the app has @fastify/rate-limit registered. */
  rateLimit?: { max: number; timeWindow: number };
}

type Resolved = { ok: true; file: string; size: number } | { ok: false; status: 400 | 404; message: string };

/** Maps a channel and a file name to a regular file inside `root`, or says why not. */
export async function resolveUpdateFile(root: string, channel: string, name: string): Promise<Resolved> {
  if (!UPDATE_CHANNEL_PATTERN.test(channel) || channel.includes('..')) return { ok: false, status: 400, message: 'invalid channel name' };
  if (!FILE_NAME.test(name) || name.includes('..')) return { ok: false, status: 400, message: 'invalid file name' };
  const notFound = { ok: false, status: 404, message: `no update file ${channel}/${name}` } as const;
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(path.join(realRoot, channel, name));
  } catch (error) {
    if (isMissing(error)) return notFound;
    throw error;
  }
  // A link may point anywhere; only what really lies inside the feed folder is served.
  const rel = path.relative(realRoot, real);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return notFound;
  const st = await stat(real);
  if (!st.isFile()) return notFound;
  return { ok: true, file: real, size: st.size };
}

/** The Fastify plugin; register it on the hub app: `app.register(updateFeed, { dir })`. */
export async function updateFeed(app: FastifyInstance, opts: UpdateFeedOptions): Promise<void> {
  const root = path.resolve(opts.dir);
  app.get<{ Params: { channel: string; file: string } }>(
    `${UPDATE_FEED_PREFIX}/:channel/:file`,
    opts.rateLimit ? { config: { rateLimit: opts.rateLimit } } : {},
    async (req, reply) => {
      const found = await resolveUpdateFile(root, req.params.channel, req.params.file);
      if (!found.ok) return sendError(reply, found.status, found.message);
      void reply
        .header('Content-Type', updateContentType(found.file))
        .header('Content-Length', String(found.size))
        .header('X-Content-Type-Options', 'nosniff')
        // The channel files change with every release; clients must not keep an old one.
        .header('Cache-Control', 'no-cache');
      return reply.send(createReadStream(found.file));
    },
  );
}

function sendError(reply: FastifyReply, status: 400 | 404, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ code: status === 400 ? 'invalid-params' : 'not-found', message });
}

function isMissing(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : null;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}
