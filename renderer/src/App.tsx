import { lazy, Suspense, useCallback, useEffect, useMemo } from 'react';
import { isFinished, isUnderway } from '../../shared/lifecycle.js';
import { AppHeader } from './components/AppHeader.js';
import { examForForm } from './lib/candidateForm.js';
import { preloadMarkdown } from './components/Markdown.js';
import { OfflineBanner, Overlays, RecoveryBanner } from './components/Overlays.js';
import { useHelpKey } from './hooks/useShortcuts.js';
import { CheckIn } from './screens/CheckIn.js';
import { Instructions } from './screens/Instructions.js';
import { Preflight } from './screens/Preflight.js';
import { isHighContrast } from './store/prefsSlice.js';
import { useApp } from './store/StoreProvider.js';

/** Marks the first render, for the startup benchmark (tests/bench/startup.bench.ts). */
export const FIRST_RENDER_MARK = 'vigil:first-render';

// The exam and the result are separate chunks: the first screen (check-in) does not need them, and
// they are fetched while the candidate checks in.
const loadShell = () => import('./screens/ExamShell.js');
const loadDone = () => import('./screens/DoneScreen.js');
const ExamShell = lazy(() => loadShell().then((m) => ({ default: m.ExamShell })));
const DoneScreen = lazy(() => loadDone().then((m) => ({ default: m.DoneScreen })));

function Loading() {
  return (
    <main id="main" className="screen" aria-busy="true">
      <h1 className="loading">Loading the exam…</h1>
    </main>
  );
}

/** The candidate app: one screen per attempt state, with the overlays above them. */
export function App() {
  const fullExam = useApp((s) => s.exam);
  const attemptId = useApp((s) => s.attempt?.attemptId);
  // The candidate's own form: drawn sections hold only their items (lib/candidateForm.ts).
  const exam = useMemo(() => (fullExam ? examForForm(fullExam, attemptId) : fullExam), [fullExam, attemptId]);
  const examError = useApp((s) => s.examError);
  const attempt = useApp((s) => s.attempt);
  const attemptLoaded = useApp((s) => s.attemptLoaded);
  const attemptError = useApp((s) => s.attemptError);
  const loadExam = useApp((s) => s.loadExam);
  const loadAttempt = useApp((s) => s.loadAttempt);
  const highContrast = useApp(isHighContrast);
  const setHelpOpen = useApp((s) => s.setHelpOpen);

  useEffect(() => {
    void loadExam();
    void loadAttempt();
  }, [loadExam, loadAttempt]);

  useEffect(() => {
    if (performance.getEntriesByName(FIRST_RENDER_MARK).length === 0) performance.mark(FIRST_RENDER_MARK);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.contrast = highContrast ? 'more' : 'normal';
  }, [highContrast]);

  useEffect(() => {
    if (!exam) return;
    document.title = `${exam.title} · Vigil`;
    void loadShell();
    void loadDone();
    preloadMarkdown();
  }, [exam]);

  useHelpKey(useCallback(() => setHelpOpen(true), [setHelpOpen]));

  let screen;
  if (examError || (attemptError && !attempt)) {
    screen = (
      <>
        <AppHeader title={exam?.title ?? 'Vigil'} />
        <main id="main" className="screen">
          <h1>Vigil cannot load the exam</h1>
          <p role="alert">{examError ?? attemptError}</p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Try again
          </button>
        </main>
      </>
    );
  } else if (!exam || !attemptLoaded) {
    screen = <Loading />;
  } else if (!attempt) {
    screen = <CheckIn exam={exam} />;
  } else if (attempt.state === 'checked-in' || attempt.state === 'preflight') {
    screen = <Preflight exam={exam} />;
  } else if (attempt.state === 'ready') {
    screen = <Instructions exam={exam} />;
  } else if (isUnderway(attempt.state)) {
    screen = <ExamShell exam={exam} />;
  } else if (isFinished(attempt.state)) {
    screen = <DoneScreen exam={exam} />;
  }

  return (
    <>
      <OfflineBanner />
      <RecoveryBanner />
      <Suspense fallback={<Loading />}>{screen}</Suspense>
      <Overlays />
    </>
  );
}
