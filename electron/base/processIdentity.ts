import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { errnoCode } from './storeFs.js';

/**
 * Who a process is, precisely enough to tell a live lock holder from a dead one whose pid was
 * reused: pids are recycled, and after a reboot (power loss) a stale lock's pid may well belong to
 * some unrelated live process. On Linux the boot id and the process start time settle it; elsewhere
 * the boot time (wall clock minus uptime) tells boots apart.
 */
export interface ProcessIdentity {
  pid: number;
  /** /proc/sys/kernel/random/boot_id, null where unavailable. */
  bootId: string | null;
  /** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), null where unavailable. */
  startTicks: string | null;
  /** Epoch ms of the last boot, approximately. */
  bootTimeMs: number;
}

/** Two boot times further apart than this are different boots (wall-clock corrections stay below it). */
const BOOT_TIME_TOLERANCE_MS = 120_000;

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'ESRCH') return null;
    throw error;
  }
}

export function currentBootId(): string | null {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
}

export function processStartTicks(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // `pid (comm) state ...`: comm may hold spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

export function ownIdentity(): ProcessIdentity {
  return { pid: process.pid, bootId: currentBootId(), startTicks: processStartTicks(process.pid), bootTimeMs: Math.round(Date.now() - uptime() * 1000) };
}

/** True when the process `identity` describes is still running. */
export function isProcessAlive(identity: ProcessIdentity): boolean {
  const bootId = currentBootId();
  if (identity.bootId !== null && bootId !== null) {
    if (identity.bootId !== bootId) return false;
  } else if (Math.abs(identity.bootTimeMs - (Date.now() - uptime() * 1000)) > BOOT_TIME_TOLERANCE_MS) {
    return false;
  }
  if (!isPidRunning(identity.pid)) return false;
  if (identity.startTicks !== null) {
    const ticks = processStartTicks(identity.pid);
    if (ticks !== null && ticks !== identity.startTicks) return false;
  }
  return true;
}

/** True while some process has this pid (it may be a different process than the one you mean). */
export function isPidRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user; only ESRCH means gone.
    if (errnoCode(error) === 'ESRCH') return false;
    if (errnoCode(error) === 'EPERM') return true;
    throw error;
  }
}
