import { z } from 'zod';

/**
 * The provisioning config (`vigil-config/1`): one JSON file an operator or an MDM drops on every
 * machine of an assessment center, so the app knows its role, its hub and its update channel
 * without anyone typing at the candidate's keyboard. Every field but `format` and `role` is
 * optional; without any file the app runs the bundled practice exam with built-in defaults.
 *
 * ```json
 * { "format": "vigil-config/1", "role": "candidate",
 *   "hub": { "url": "https://10.0.0.5:8443", "fingerprint": "AB:CD:…(32 bytes)" },
 *   "updates": { "channel": "stable", "enabled": true },
 *   "defaultExam": "/opt/vigil/exams/lead-backend", "dataDir": "/var/lib/vigil" }
 * ```
 */
export const PROVISIONING_FORMAT = 'vigil-config/1';

export const provisioningRoleSchema = z.enum(['candidate', 'proctor']);
export type ProvisioningRole = z.infer<typeof provisioningRoleSchema>;

/**
 * An update channel is a folder name in the hub's update feed (`/updates/<channel>/`), so it is
 * kept to characters that are safe in a URL path and a file name on every system.
 */
export const UPDATE_CHANNEL_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const DEFAULT_UPDATE_CHANNEL = 'stable';

export const updateChannelSchema = z
  .string()
  .regex(UPDATE_CHANNEL_PATTERN, 'must be 1 to 64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "stable", "beta")')
  .refine((s) => !s.includes('..'), 'must not contain ".."');

/**
 * SHA-256 of the hub's DER certificate, written as the hub prints it and `openssl x509 -fingerprint
 * -sha256` does (`AA:BB:…`, 32 pairs). Copied fingerprints lose their colons or gain spaces, so
 * those and the case are forgiven (as the sync client does); the value is kept as `AA:BB:…`.
 */
export const certificateFingerprintSchema = z
  .string()
  .refine((s) => /^[0-9A-Fa-f]{64}$/.test(s.replace(/[\s:]/g, '')), 'must be a SHA-256 fingerprint: 32 hex pairs separated by ":" (AA:BB:…)')
  .transform((s) => (s.replace(/[\s:]/g, '').toUpperCase().match(/../g) ?? []).join(':'));

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL host names this machine; plain http is only accepted there. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The hub's base URL. Candidate results and journals travel to it, so on a network it must be
 * https (with the certificate pinned by `fingerprint` when it is self-signed); http is for a hub
 * on the same machine (development, a proctor laptop sitting its own practice run).
 */
export const hubUrlSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute URL such as "https://10.0.0.5:8443"' });
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: `must use https (or http on this machine), not ${url.protocol.replace(/:$/, '')}` });
  } else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    ctx.addIssue({ code: 'custom', message: `plain http is only allowed for a hub on this machine (localhost); use https for ${url.hostname}` });
  }
  if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
  if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'must not contain a query or a fragment' });
});

export const provisioningHubSchema = z.strictObject({
  url: hubUrlSchema,
  fingerprint: certificateFingerprintSchema.optional(),
});

export const provisioningUpdatesSchema = z.strictObject({
  channel: updateChannelSchema.default(DEFAULT_UPDATE_CHANNEL),
  enabled: z.boolean().default(true),
});

const pathSchema = z.string().min(1, 'must not be empty').refine((s) => !s.includes('\0'), 'must not contain a NUL character');

export const provisioningSchema = z
  .strictObject({
    format: z.literal(PROVISIONING_FORMAT, { error: `must be "${PROVISIONING_FORMAT}"` }),
    role: provisioningRoleSchema,
    hub: provisioningHubSchema.optional(),
    updates: provisioningUpdatesSchema.optional(),
    /** The exam package opened at start, absolute or relative to the config file's folder. */
    defaultExam: pathSchema.optional(),
    /** Where attempts, journals and the device key live; absolute or relative to the config file. */
    dataDir: pathSchema.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.hub?.fingerprint !== undefined && config.hub.url.startsWith('http:')) {
      ctx.addIssue({ code: 'custom', path: ['hub', 'fingerprint'], message: 'a certificate fingerprint needs an https hub url' });
    }
  });

/** The file as written (after defaults inside `updates`). */
export type ProvisioningConfig = z.infer<typeof provisioningSchema>;

/** What the app runs with: the file resolved against its folder, or the built-in defaults. */
export interface Provisioning {
  /** The config file read, or null when none exists and the defaults apply. */
  source: string | null;
  role: ProvisioningRole;
  hub: { url: string; fingerprint: string | null } | null;
  updates: { channel: string; enabled: boolean };
  /** Absolute path of the exam package to open, or null for the bundled practice exam. */
  defaultExam: string | null;
  /** Absolute path of the data folder, or null for the platform's user-data folder. */
  dataDir: string | null;
}

/** The settings of a machine without a config file: a candidate laptop on the bundled practice exam. */
export function defaultProvisioning(): Provisioning {
  return { source: null, role: 'candidate', hub: null, updates: { channel: DEFAULT_UPDATE_CHANNEL, enabled: true }, defaultExam: null, dataDir: null };
}

/**
 * The update feed a provisioned machine asks, `<hub>/updates/<channel>/`, or why there is none.
 * The hub is the only update source: a machine without a hub never updates itself.
 */
export function updateFeedUrl(p: Pick<Provisioning, 'hub' | 'updates'>): { ok: true; url: string } | { ok: false; reason: string } {
  if (!p.updates.enabled) return { ok: false, reason: 'updates are disabled in the provisioning config' };
  if (!p.hub) return { ok: false, reason: 'no hub is configured, and the hub is the only update source' };
  const base = p.hub.url.endsWith('/') ? p.hub.url : `${p.hub.url}/`;
  return { ok: true, url: `${base}updates/${p.updates.channel}/` };
}
