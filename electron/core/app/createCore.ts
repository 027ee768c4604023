import { AttemptService, type AttemptServiceDeps } from '../attempt/attemptService.js';
import type { Clock } from '../attempt/clock.js';
import type { IntervalScheduler } from '../attempt/timer.js';
import { createEventBus, type EventBus } from '../api/eventBus.js';
import { createHandlers } from '../api/createHandlers.js';
import type { HandlerTable } from '../api/handlerTable.js';
import { loadOrCreateDevice, type Device, type KeyProtector } from '../device/deviceKeys.js';
import { createCodingGrader } from '../grading/coding/codingGrader.js';
import type { CodingGrader } from '../grading/gradeAttempt.js';
import type { ExamPackage } from '../package/types.js';
import { createSqlRunner, type SqlRunner } from '../sql/sqlRunner.js';

export interface CoreOptions {
  pkg: ExamPackage;
  dataDir: string;
  version: string;
  role: 'candidate' | 'proctor';
  platform: string;
  /** Electron's safeStorage in the desktop app; absent in the headless host (0600 file instead). */
  keyProtector?: KeyProtector;
  clock?: Clock;
  scheduler?: IntervalScheduler;
  log?: (line: string) => void;
  preflightInput?: AttemptServiceDeps['preflightInput'];
  /** The proctor's hub, for proctored exams. */
  hub?: AttemptServiceDeps['hub'];
  onAllowQuit?: () => void;
}

export interface Core {
  bus: EventBus;
  table: HandlerTable;
  attempts: AttemptService;
  close(): Promise<void>;
}

/** Wires the core services once; both composition roots (Electron main, headless host) call this. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const bus = createEventBus();
  let device: Promise<Device> | null = null;
  let sql: Promise<SqlRunner> | null = null;
  let coding: CodingGrader | null = null;
  const attempts = await AttemptService.open({
    pkg: options.pkg,
    dataDir: options.dataDir,
    bus,
    clock: options.clock,
    scheduler: options.scheduler,
    log: options.log,
    preflightInput: options.preflightInput,
    onAllowQuit: options.onAllowQuit,
    hub: options.hub,
    appVersion: options.version,
    device: () => (device ??= loadOrCreateDevice(options.dataDir, { protect: options.keyProtector })),
    sql: () => (sql ??= createSqlRunner()),
    // The app's data (journal, device key) must be invisible to the hidden tests' run.
    coding: () => (coding ??= createCodingGrader({ pkgDir: options.pkg.dir, sandbox: 'auto', hidePaths: [options.dataDir] })),
  });
  const table = createHandlers({ version: options.version, role: options.role, platform: options.platform, pkg: options.pkg, attempts });
  return {
    bus,
    table,
    attempts,
    async close() {
      await attempts.close();
      if (sql) await (await sql).close();
    },
  };
}
