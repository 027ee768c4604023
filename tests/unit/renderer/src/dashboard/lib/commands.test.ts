import { describe, expect, it } from 'vitest';
import { buildCommand, describeCommand, EMPTY_FORM } from '../../../../../../renderer/src/dashboard/lib/commands.js';

describe('buildCommand', () => {
  it('builds each command body from the dialog’s inputs', () => {
    expect(buildCommand('add-time', { ...EMPTY_FORM, minutes: '7,5' })).toEqual({ ok: true, command: { type: 'add-time', minutes: 7.5 } });
    expect(buildCommand('pause', { ...EMPTY_FORM, reason: ' fire alarm ' })).toEqual({ ok: true, command: { type: 'pause', reason: 'fire alarm' } });
    expect(buildCommand('lock', { ...EMPTY_FORM, message: 'Come to the desk' })).toEqual({ ok: true, command: { type: 'lock', message: 'Come to the desk' } });
    expect(buildCommand('message', { ...EMPTY_FORM, text: '10 minutes left' })).toEqual({ ok: true, command: { type: 'message', text: '10 minutes left' } });
    expect(buildCommand('override-preflight', { ...EMPTY_FORM, checks: ['displays'] })).toEqual({ ok: true, command: { type: 'override-preflight', checks: ['displays'] } });
    expect(buildCommand('force-submit', EMPTY_FORM)).toEqual({ ok: true, command: { type: 'force-submit' } });
  });

  it('refuses what the hub would refuse, naming the field', () => {
    expect(buildCommand('add-time', { ...EMPTY_FORM, minutes: '0' })).toMatchObject({ ok: false, field: 'minutes' });
    expect(buildCommand('add-time', { ...EMPTY_FORM, minutes: 'ten' })).toMatchObject({ ok: false, field: 'minutes' });
    expect(buildCommand('add-time', { ...EMPTY_FORM, minutes: '1441' })).toMatchObject({ ok: false, field: 'minutes' });
    expect(buildCommand('message', { ...EMPTY_FORM, text: '   ' })).toMatchObject({ ok: false, field: 'text' });
    expect(buildCommand('override-preflight', EMPTY_FORM)).toMatchObject({ ok: false, field: 'checks' });
    expect(buildCommand('message', { ...EMPTY_FORM, text: 'bell\u0007' })).toMatchObject({ ok: false, field: 'text' });
  });

  it('describes commands in a few words', () => {
    expect(describeCommand({ type: 'add-time', minutes: 5 })).toBe('add 5 min');
    expect(describeCommand({ type: 'override-preflight', checks: ['displays', 'remote-session'] })).toBe('override pre-flight: displays, remote-session');
  });
});
