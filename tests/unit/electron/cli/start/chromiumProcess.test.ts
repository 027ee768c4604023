import { describe, expect, it } from 'vitest';
import { chromiumError } from '../../../../../electron/cli/start/chromiumProcess.js';

describe('chromiumError', () => {
  it("picks Chromium's reason out of its D-Bus and zygote noise", () => {
    const stderr = [
      '/usr/bin/chromium: 9: [: 25275990016: unexpected operator',
      '[21350:21392:1202/062709.966003:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket',
      '[21350:21350:1202/062710.105989:ERROR:ui/ozone/platform/x11/ozone_platform_x11.cc:257] Missing X server or $DISPLAY',
      '[21350:21350:1202/062710.106039:ERROR:ui/aura/env.cc:253] The platform failed to initialize.  Exiting.',
      '[21382:21382:0100/000000.153792:ERROR:content/zygote/zygote_linux.cc:662] write: Broken pipe (32)',
    ].join('\n');
    expect(chromiumError(stderr)).toBe('Missing X server or $DISPLAY');
    expect(chromiumError('')).toBe('');
  });
});
