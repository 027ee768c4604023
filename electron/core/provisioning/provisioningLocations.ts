import path from 'node:path';

/** The environment variable that names a provisioning file, for machines where a flag is awkward. */
export const CONFIG_ENV_VAR = 'VIGIL_CONFIG';

/**
 * Where an operator or an MDM puts the machine-wide config, per operating system. These are the
 * folders every MDM can write and a candidate's account cannot: the config decides which hub the
 * machine trusts, so a candidate must not be able to swap it.
 */
export function provisioningLocations(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string[] {
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return [path.win32.join(programData, 'Vigil', 'config.json')];
  }
  if (platform === 'darwin') return ['/Library/Application Support/Vigil/config.json'];
  return ['/etc/vigil/config.json'];
}

export type ConfigLocation =
  /** Named on the command line or in VIGIL_CONFIG: it must exist. */
  | { file: string; explicit: true; via: '--config' | typeof CONFIG_ENV_VAR }
  /** The operating system's usual place: absent means "not provisioned". */
  | { file: string; explicit: false; via: 'default location' };

export interface LocateOptions {
  configFlag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  cwd?: string;
  /** Replaces the operating system's locations (tests; a kiosk image with its own layout). */
  systemFiles?: string[];
}

/**
 * Which file to read: `--config` wins over VIGIL_CONFIG, which wins over the OS location. An
 * explicit path is resolved against the working directory.
 */
export function locateProvisioning(opts: LocateOptions): ConfigLocation[] {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.configFlag !== undefined && opts.configFlag !== '') return [{ file: path.resolve(cwd, opts.configFlag), explicit: true, via: '--config' }];
  const fromEnv = opts.env[CONFIG_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') return [{ file: path.resolve(cwd, fromEnv), explicit: true, via: CONFIG_ENV_VAR }];
  return (opts.systemFiles ?? provisioningLocations(opts.platform, opts.env)).map((file) => ({ file, explicit: false, via: 'default location' }));
}
