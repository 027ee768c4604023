import { isUnderway } from '../../../shared/lifecycle.js';
import type { ConnectionSource } from '../api/connection.js';
import type { ClipboardPolicy } from './clipboardPolicy.js';
import type { CodingApi } from './codingApi.js';
import { TerminalController, type TerminalControllerOptions } from './terminalController.js';
import { exposeTerminal, forgetTerminal } from './testHooks.js';

/**
 * The page's terminals, one per coding item, kept while the attempt is underway so that moving
 * between questions neither loses the scrollback nor stalls a running program (see
 * TerminalController). All are disposed when the attempt is submitted or ends.
 */
interface Registry {
  controllers: Map<string, TerminalController>;
  stop: () => void;
}

const registries = new WeakMap<CodingApi, Registry>();

function registryFor(api: CodingApi): Registry {
  let registry = registries.get(api);
  if (!registry) {
    const controllers = new Map<string, TerminalController>();
    const stop = api.on('attemptChanged', (view) => {
      if (isUnderway(view.state)) return;
      for (const c of controllers.values()) {
        forgetTerminal(c.sessionId);
        c.dispose();
      }
      controllers.clear();
    });
    registry = { controllers, stop };
    registries.set(api, registry);
  }
  return registry;
}

export interface TerminalRequest {
  api: CodingApi;
  sessionId: string;
  clipboardPolicy: ClipboardPolicy;
  highContrast: boolean;
  /** The API connection's state, so a terminal reopens its shell after a drop. */
  connection?: ConnectionSource;
  /** Test seams passed through to the controller. */
  loadModules?: TerminalControllerOptions['loadModules'];
  tryWebgl?: TerminalControllerOptions['tryWebgl'];
}

/** The item's terminal, created (and started) on first use. */
export function terminalFor(request: TerminalRequest): TerminalController {
  const { controllers } = registryFor(request.api);
  let controller = controllers.get(request.sessionId);
  if (!controller) {
    controller = new TerminalController({
      api: request.api,
      sessionId: request.sessionId,
      clipboardPolicy: request.clipboardPolicy,
      highContrast: request.highContrast,
      ...(request.connection ? { connection: request.connection } : {}),
      ...(request.loadModules ? { loadModules: request.loadModules } : {}),
      ...(request.tryWebgl ? { tryWebgl: request.tryWebgl } : {}),
    });
    controllers.set(request.sessionId, controller);
    exposeTerminal(controller);
  }
  return controller;
}

/** Disposes every terminal of `api` (tests; the attempt's end does it by itself). */
export function disposeTerminals(api: CodingApi): void {
  const registry = registries.get(api);
  if (!registry) return;
  registry.stop();
  for (const c of registry.controllers.values()) {
    forgetTerminal(c.sessionId);
    c.dispose();
  }
  registries.delete(api);
}
