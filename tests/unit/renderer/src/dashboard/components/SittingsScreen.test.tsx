// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HubRequestError, type HubClient } from '../../../../../../renderer/src/dashboard/api/hubClient.js';
import { SittingsScreen } from '../../../../../../renderer/src/dashboard/components/SittingsScreen.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import type { HubRole } from '../../../../../../shared/hub/roles.js';
import type { CreateSittingRequest, SittingView } from '../../../../../../shared/hub/sittings.js';
import { fakeClient, makeStore, SESSION, sitting } from '../fixtures.js';

const EXAM = { id: 'demo', version: '2026.11.0', title: 'Demo exam', skills: [] };

/** A client holding a list of sittings, recording what the screen asks of it. */
function hubWith(initial: SittingView[], overrides: Partial<HubClient> = {}) {
  const sittings = initial.map((s) => ({ ...s }));
  const created: CreateSittingRequest[] = [];
  const closed: string[] = [];
  const client = fakeClient({
    exam: async () => EXAM,
    sittings: async () => sittings.map((s) => ({ ...s })),
    createSitting: async (body) => {
      created.push(body);
      const s = sitting({ sittingId: `s${sittings.length + 1}`, name: body.name, accessCode: body.accessCode?.toUpperCase() ?? 'GENERATD' });
      sittings.push(s);
      return s;
    },
    closeSitting: async (id) => {
      closed.push(id);
      const s = sittings.find((x) => x.sittingId === id);
      if (!s) throw new HubRequestError(404, 'not-found', `no sitting ${id}`);
      s.closedAt = '2026-12-03T10:00:00.000Z';
      return { ...s };
    },
    ...overrides,
  });
  return { client, created, closed };
}

async function show(client: HubClient, role: HubRole) {
  render(
    <DashboardProvider store={makeStore(client, { session: { ...SESSION, role }, route: { screen: 'sittings' } })}>
      <SittingsScreen client={client} />
    </DashboardProvider>,
  );
  await screen.findAllByTestId('sitting-row');
}

const ROOMS = [sitting({ sittingId: 's1', name: 'Room A', accessCode: 'ROOM-A', attempts: 12 }), sitting({ sittingId: 's2', name: 'Old room', closedAt: '2026-12-01T12:00:00.000Z' })];

describe('the sittings page', () => {
  afterEach(cleanup);

  it('lists the sittings with code, state and attempts; a viewer gets no form and no Close button', async () => {
    const { client } = hubWith(ROOMS);
    await show(client, 'viewer');
    const rows = screen.getAllByTestId('sitting-row');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Room A', 'Old room']);
    expect(within(rows[0]!).getByText('ROOM-A')).toBeTruthy();
    expect(within(rows[0]!).getByText('12')).toBeTruthy();
    expect(rows.map((r) => within(r).getByTestId('sitting-state').textContent)).toEqual(['Open', expect.stringMatching(/^Closed /)]);
    expect(screen.queryByTestId('sitting-form')).toBeNull();
    expect(screen.queryByTestId('sitting-close')).toBeNull();
    expect(screen.getByText(/Only an admin account can add or close sittings/)).toBeTruthy();
  });

  it('an admin adds a sitting through the labelled form; the list shows it and the code is announced', async () => {
    const { client, created } = hubWith(ROOMS);
    await show(client, 'admin');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Room B, 3 May' } });
    fireEvent.change(screen.getByLabelText(/^Access code/), { target: { value: 'room-b' } });
    fireEvent.change(screen.getByLabelText(/^Opens/), { target: { value: '2026-05-03T09:00' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('sitting-create'));
    });
    await screen.findByText(/Room B, 3 May added\. Candidates enroll with access code ROOM-B\./);
    // The browser's local time goes as an ISO time with its offset (here UTC, as toISOString says).
    expect(created).toEqual([{ name: 'Room B, 3 May', accessCode: 'room-b', opens: new Date('2026-05-03T09:00').toISOString() }]);
    expect(screen.getAllByTestId('sitting-row').map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Room A', 'Old room', 'Room B, 3 May']);
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('');
  });

  it("shows the hub's refusal as text at the field it names, and focuses that field", async () => {
    const refusal = new HubRequestError(400, 'invalid-params', 'body.accessCode: must be 4 to 64 letters, digits or dashes', {
      fields: [{ path: 'body.accessCode', message: 'must be 4 to 64 letters, digits or dashes' }],
    });
    const { client } = hubWith(ROOMS, { createSitting: () => Promise.reject(refusal) });
    await show(client, 'admin');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Room C' } });
    fireEvent.change(screen.getByLabelText(/^Access code/), { target: { value: 'ab' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('sitting-create'));
    });
    const codeField = screen.getByLabelText(/^Access code/);
    expect(screen.getByTestId('sitting-accessCode-error').textContent).toBe('Access code must be 4 to 64 letters, digits or dashes.');
    expect(codeField.getAttribute('aria-invalid')).toBe('true');
    expect(codeField.getAttribute('aria-describedby')).toContain('sitting-accessCode-error');
    expect(document.activeElement).toBe(codeField);
    expect(screen.getByTestId('sitting-form-error').textContent).toMatch(/see the fields marked below/);
    // A refusal that names no field is said above the form.
    cleanup();
    const { client: other } = hubWith(ROOMS, { createSitting: () => Promise.reject(new HubRequestError(403, 'forbidden', 'the viewer role may not do this')) });
    await show(other, 'admin');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Room D' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('sitting-create'));
    });
    expect(screen.getByTestId('sitting-form-error').textContent).toBe('The viewer role may not do this');
  });

  it('Close asks first; Cancel closes nothing; confirming closes the sitting and the row says so', async () => {
    const { client, closed } = hubWith(ROOMS);
    await show(client, 'admin');
    // Only the open sitting has a Close button.
    expect(screen.getAllByTestId('sitting-close')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Close Room A' }));
    expect(screen.getByText(/Close Room A\? Candidates can no longer enroll with its code\./)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('sitting-close-confirm'));
    fireEvent.click(screen.getByTestId('sitting-close-cancel'));
    expect(closed).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Close Room A' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('sitting-close-confirm'));
    });
    await screen.findByText(/Room A is closed/);
    expect(closed).toEqual(['s1']);
    expect(screen.getAllByTestId('sitting-state').map((c) => c.textContent)).toEqual([expect.stringMatching(/^Closed /), expect.stringMatching(/^Closed /)]);
    expect(screen.queryByTestId('sitting-close')).toBeNull();
  });

  it('a refused close (closed meanwhile by another admin) is shown next to the button', async () => {
    const { client } = hubWith(ROOMS, { closeSitting: () => Promise.reject(new HubRequestError(409, 'conflict', 'the sitting Room A was already closed at 2026-12-03T09:59:00.000Z')) });
    await show(client, 'admin');
    fireEvent.click(screen.getByRole('button', { name: 'Close Room A' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('sitting-close-confirm'));
    });
    expect(screen.getByTestId('sitting-close-error').textContent).toMatch(/^The sitting Room A was already closed/);
  });
});
