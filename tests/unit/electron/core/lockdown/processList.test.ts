import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProcesses, normalizeProcessName, parsePsOutput, parseTasklistCsv, processFromProc } from '../../../../../electron/core/lockdown/processList.js';

describe('process names', () => {
  it('normalizes paths, case and .exe', () => {
    expect(normalizeProcessName('C:\\Program Files\\obs-studio\\bin\\64bit\\OBS64.EXE')).toBe('obs64');
    expect(normalizeProcessName('/Applications/AnyDesk.app/Contents/MacOS/AnyDesk')).toBe('anydesk');
    expect(normalizeProcessName(' teamviewerd ')).toBe('teamviewerd');
  });
});

describe('Linux /proc entries', () => {
  it('uses comm, argv[0] and the executable, and skips zombies', () => {
    expect(processFromProc(42, '42 (anydesk) S 1 42 42 0 -1 4194560 ...', '/tmp/x/anydesk\u000030\u0000', '/tmp/x/anydesk')).toEqual({ pid: 42, names: ['anydesk'] });
    expect(processFromProc(43, '43 (python3) S 1 43 43 0', 'python3\u0000/home/u/obs.py\u0000', null)).toEqual({ pid: 43, names: ['python3'] });
    expect(processFromProc(44, '44 (Web Content (x)) S 1', 'firefox\u0000', '/usr/lib/firefox/firefox')).toEqual({ pid: 44, names: ['web content (x)', 'firefox'] });
    expect(processFromProc(45, '45 (obs) Z 1 45 45', '', null)).toBeNull();
    expect(processFromProc(46, null, null, null)).toBeNull();
  });

  it('reads a /proc tree', async () => {
    const proc = await mkdtemp(join(tmpdir(), 'vigil-proc-'));
    try {
      const add = async (pid: number, stat: string, cmdline: string, exe?: string) => {
        await mkdir(join(proc, String(pid)));
        await writeFile(join(proc, String(pid), 'stat'), stat);
        await writeFile(join(proc, String(pid), 'cmdline'), cmdline);
        if (exe) await symlink(exe, join(proc, String(pid), 'exe'));
      };
      await add(1, '1 (systemd) S 0 1 1', '/sbin/init\u0000');
      await add(200, '200 (obs) S 1 200 200', '/usr/bin/obs\u0000', '/usr/bin/obs');
      await add(201, '201 (bash) Z 1 201 201', '');
      await mkdir(join(proc, 'self'));
      const list = await listProcesses({ platform: 'linux', run: async () => null }, { procDir: proc });
      expect(list.sort((a, b) => a.pid - b.pid)).toEqual([
        { pid: 1, names: ['systemd', 'init'] },
        { pid: 200, names: ['obs'] },
      ]);
    } finally {
      await rm(proc, { recursive: true, force: true });
    }
  });
});

describe('macOS ps and Windows tasklist', () => {
  it('parses `ps -axo pid=,comm=`', () => {
    const out = '    1 /sbin/launchd\n  512 /Applications/OBS.app/Contents/MacOS/OBS\n  640 /System/Library/CoreServices/RemoteManagement/screensharingd.bundle/Contents/MacOS/screensharingd\n';
    expect(parsePsOutput(out)).toEqual([
      { pid: 1, names: ['launchd'] },
      { pid: 512, names: ['obs'] },
      { pid: 640, names: ['screensharingd'] },
    ]);
  });

  it('parses `tasklist /fo csv /nh`', () => {
    const out = '"System Idle Process","0","Services","0","8 K"\r\n"obs64.exe","5120","Console","1","210,332 K"\r\n"TeamViewer_Service.exe","3300","Services","0","25,100 K"\r\n';
    expect(parseTasklistCsv(out)).toEqual([
      { pid: 0, names: ['system idle process'] },
      { pid: 5120, names: ['obs64'] },
      { pid: 3300, names: ['teamviewer_service'] },
    ]);
  });

  it('runs the platform command and fails loudly when it cannot', async () => {
    const asked: string[] = [];
    const list = await listProcesses({ platform: 'darwin', run: async (c, a) => (asked.push([c, ...a].join(' ')), { code: 0, stdout: '  7 /usr/bin/zoom\n', stderr: '' }) });
    expect(asked).toEqual(['ps -axo pid=,comm=']);
    expect(list).toEqual([{ pid: 7, names: ['zoom'] }]);
    await expect(listProcesses({ platform: 'win32', run: async () => null })).rejects.toThrow(/tasklist/);
  });
});
