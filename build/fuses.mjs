// @ts-check
/**
 * Electron fuses for packaged builds (DESIGN 6): switches compiled into the Electron binary that
 * no command-line flag or environment variable can turn back on. One definition, used by the
 * electron-builder hook (afterPack.mjs) and read back by tests/unit/build/fuses.test.ts.
 */
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** @type {import('@electron/fuses').FuseV1Config<boolean>} */
export const FUSE_CONFIG = {
  version: FuseVersion.V1,
  // `ELECTRON_RUN_AS_NODE=1 Vigil script.js` would run any script with the app's privileges.
  [FuseV1Options.RunAsNode]: false,
  // Cookies encrypted at rest with the OS keychain key (the app keeps no secrets in cookies, but
  // nothing on disk should be readable in the clear).
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS=--require evil.js would inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect / --inspect-brk would open a debugger on the main process: read keys, skip the lockdown.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash embedded at build time: a modified app refuses to start.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded, never a loose app/ folder dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The default V8 snapshot is fine; no separate browser-process snapshot is shipped.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The app serves itself from app://, never file://: file:// gets no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};
