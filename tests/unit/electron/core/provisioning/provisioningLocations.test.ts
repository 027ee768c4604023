import { describe, expect, it } from 'vitest';
import { locateProvisioning, provisioningLocations } from '../../../../../electron/core/provisioning/provisioningLocations.js';

describe('provisioning locations', () => {
  it('names the machine-wide folder of each operating system', () => {
    expect(provisioningLocations('linux', {})).toEqual(['/etc/vigil/config.json']);
    expect(provisioningLocations('darwin', {})).toEqual(['/Library/Application Support/Vigil/config.json']);
    expect(provisioningLocations('win32', { ProgramData: 'D:\\ProgramData' })).toEqual(['D:\\ProgramData\\Vigil\\config.json']);
    expect(provisioningLocations('win32', {})).toEqual(['C:\\ProgramData\\Vigil\\config.json']);
  });

  it('prefers --config, then VIGIL_CONFIG, then the system location', () => {
    const env = { VIGIL_CONFIG: 'from-env.json' };
    expect(locateProvisioning({ configFlag: 'flag.json', env, platform: 'linux', cwd: '/srv' })).toEqual([{ file: '/srv/flag.json', explicit: true, via: '--config' }]);
    expect(locateProvisioning({ env, platform: 'linux', cwd: '/srv' })).toEqual([{ file: '/srv/from-env.json', explicit: true, via: 'VIGIL_CONFIG' }]);
    expect(locateProvisioning({ env: {}, platform: 'linux', cwd: '/srv' })).toEqual([{ file: '/etc/vigil/config.json', explicit: false, via: 'default location' }]);
    expect(locateProvisioning({ configFlag: '', env: { VIGIL_CONFIG: '' }, platform: 'linux' })[0]?.via).toBe('default location');
  });
});
