// @ts-check
/**
 * electron-builder `afterPack` hook (electron-builder.yml): flips the Electron fuses of the packed
 * app (build/fuses.mjs) before it is signed and wrapped into an installer, so every packaged build
 * ships with them. Runs in electron-builder's Node process, hence plain JavaScript.
 */
import path from 'node:path';
import { flipFuses } from '@electron/fuses';
import { FUSE_CONFIG } from './fuses.mjs';

/**
 * @typedef {object} PackContext The part of electron-builder's AfterPackContext this hook reads.
 * @property {string} appOutDir
 * @property {string} electronPlatformName
 * @property {{ executableName: string, appInfo: { productFilename: string } }} packager
 */

/**
 * Where the Electron binary holding the fuse wire is in the packed app.
 * @param {PackContext} context
 */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** @param {PackContext} context */
export async function afterPack(context) {
  const macOS = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Flipping fuses invalidates the ad-hoc signature of arm64 macOS binaries; re-sign ad hoc (the
  // real signature is applied by electron-builder after this hook).
  await flipFuses(electronBinaryPath(context), { ...FUSE_CONFIG, resetAdHocDarwinSignature: macOS });
}

export default afterPack;
