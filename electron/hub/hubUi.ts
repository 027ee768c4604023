import type { FastifyInstance } from 'fastify';
import { serveDashboard } from './dashboard/serveDashboard.js';
import { updateFeed } from './updates/updateFeed.js';

/**
 * What a hub serves besides the protocol: the proctor dashboard (the renderer's /dashboard route)
 * and, when given a folder, the update feed for provisioned laptops. `vigil hub` and the desktop
 * app's proctor mode mount the same pieces.
 */
export async function registerHubUi(app: FastifyInstance, options: { rendererDir?: string; updatesDir?: string }): Promise<void> {
  await app.register(serveDashboard, options.rendererDir ? { rendererDir: options.rendererDir } : {});
  if (options.updatesDir) await app.register(updateFeed, { dir: options.updatesDir });
}
