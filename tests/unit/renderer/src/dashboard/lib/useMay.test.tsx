// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubRole } from '../../../../../../shared/hub/roles.js';
import { AttemptScreen } from '../../../../../../renderer/src/dashboard/components/AttemptScreen.js';
import { CommandBar } from '../../../../../../renderer/src/dashboard/components/CommandBar.js';
import { ReenrollPanel } from '../../../../../../renderer/src/dashboard/components/ReenrollPanel.js';
import { ScreenNav } from '../../../../../../renderer/src/dashboard/reports/RouteLink.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import { attemptDetailSchema } from '../../../../../../shared/hub/proctor.js';
import { fakeClient, makeStore, SESSION, summary } from '../fixtures.js';

const REQUEST = { at: '2026-05-01T08:09:00.000Z', deviceFingerprint: '0123456789abcdef', deviceInfo: { hostname: 'lab-pc-07' } };

function renderAs(role: HubRole, ui: React.ReactNode, client = fakeClient()) {
  const store = makeStore(client, { session: { ...SESSION, role } });
  render(<DashboardProvider store={store}>{ui}</DashboardProvider>);
  return store;
}

const tabs = () => screen.getAllByRole('link').map((a) => a.textContent);

describe('the dashboard offers each role only what its role may do (the hub enforces it)', () => {
  afterEach(cleanup);

  it('tabs: the blind queue for graders and admins, the cohort not for graders', () => {
    renderAs('grader', <ScreenNav />);
    expect(tabs()).toEqual(['Live candidates', 'Essay grading (blind)', 'Item statistics', 'Sittings']);
    cleanup();
    renderAs('viewer', <ScreenNav />);
    expect(tabs()).toEqual(['Live candidates', 'Cohort and ranking', 'Item statistics', 'Sittings']);
    cleanup();
    renderAs('admin', <ScreenNav />);
    expect(tabs()).toEqual(['Live candidates', 'Cohort and ranking', 'Essay grading (blind)', 'Item statistics', 'Sittings']);
  });

  it('commands: none for a viewer or a grader, saying why; all of them for a proctor', () => {
    const s = summary({ attemptId: 'a1' });
    for (const role of ['viewer', 'grader'] as const) {
      renderAs(role, <CommandBar summary={s} failedChecks={[]} />);
      expect(screen.queryAllByRole('button')).toEqual([]);
      expect(screen.getByTestId('commands-not-for-role').textContent).toContain(`signed in as a ${role}`);
      cleanup();
    }
    renderAs('proctor', <CommandBar summary={s} failedChecks={[]} />);
    expect(screen.getByRole('button', { name: 'Lock' })).toBeTruthy();
  });

  it('a new device: a viewer reads who asked but gets no Allow button', () => {
    renderAs('viewer', <ReenrollPanel summary={summary({ attemptId: 'a1', reenrollRequest: REQUEST })} now={Date.parse('2026-05-01T08:10:00.000Z')} />);
    expect(screen.getByTestId('reenroll-request').textContent).toContain('lab-pc-07');
    expect(screen.queryByRole('button', { name: 'Allow new device' })).toBeNull();
    expect(screen.getByTestId('reenroll-not-for-role')).toBeTruthy();
  });

  it("essays on the attempt page: a proctor's form is closed saying grading is the graders'; a grader's says why it is not open yet", async () => {
    const detail = attemptDetailSchema.parse({
      summary: summary({ attemptId: 'a1' }),
      timeline: [],
      timelineNext: null,
      violations: [],
      commands: [],
      graded: null,
      essays: [{ itemId: 'explain-index', prompt: 'Why?', answer: 'Because.', points: 2, rubric: [{ id: 'r1', text: 'Says why', points: 2 }], grade: null, manual: null }],
    });
    renderAs('proctor', <AttemptScreen attemptId="a1" />, fakeClient({ detail: async () => detail }));
    expect((await screen.findByTestId('essay')).textContent).toContain('Grading essays is for graders and admins.');
    expect((screen.getByTestId('save-grade') as HTMLButtonElement).disabled).toBe(true);
    cleanup();
    renderAs('grader', <AttemptScreen attemptId="a1" />, fakeClient({ detail: async () => detail }));
    const essay = await screen.findByTestId('essay');
    expect(essay.textContent).toContain('Grading opens once the result has arrived');
    expect(essay.textContent).not.toContain('for graders and admins');
  });
});
