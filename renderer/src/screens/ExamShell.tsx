import { useEffect, useMemo } from 'react';
import type { ExamView } from '../../../shared/contract.js';
import { AppHeader } from '../components/AppHeader.js';
import { preloadMarkdown } from '../components/Markdown.js';
import { Navigator } from '../components/Navigator.js';
import { mergeSaves, SaveIndicator } from '../components/SaveIndicator.js';
import { Timer } from '../components/Timer.js';
import { TimerWarning } from '../components/TimerWarning.js';
import { useItemStatus } from '../hooks/useItemStatus.js';
import { useAltShortcuts } from '../hooks/useShortcuts.js';
import { preloadSqlEditor } from '../items/SqlView.js';
import { numberedItems } from '../lib/examItems.js';
import { useApp, useAppStore } from '../store/StoreProvider.js';
import { QuestionScreen } from './QuestionScreen.js';
import { ReviewScreen } from './ReviewScreen.js';

/** The exam itself: header with timer and save state, the navigator, and the question or review page. */
export function ExamShell({ exam }: { exam: ExamView }) {
  const store = useAppStore();
  const timer = useApp((s) => s.timer);
  const timerAt = useApp((s) => s.timerAt);
  const answerSave = useApp((s) => s.save);
  const fileSave = useApp((s) => s.fileSave);
  const save = useMemo(() => mergeSaves(answerSave, fileSave), [answerSave, fileSave]);
  const fileConflicts = useApp((s) => s.fileConflicts);
  const conflictPaths = useMemo(() => fileConflicts.map((k) => k.slice(k.indexOf('\u0000') + 1)), [fileConflicts]);
  const retryAnswers = useApp((s) => s.retrySave);
  const retryFiles = useApp((s) => s.saveFileNow);
  const retrySave = () => {
    retryAnswers();
    retryFiles();
  };
  const currentItemId = useApp((s) => s.currentItemId);
  const view = useApp((s) => s.view);
  const state = useApp((s) => s.attempt?.state);
  const goTo = useApp((s) => s.goTo);
  const openReview = useApp((s) => s.openReview);
  const statusOf = useItemStatus(exam);
  const entries = useMemo(() => numberedItems(exam), [exam]);
  const entry = entries.find((e) => e.item.id === currentItemId) ?? entries[0];

  useEffect(() => {
    preloadMarkdown();
    if (exam.sections.some((s) => s.items.some((i) => i.type === 'sql'))) preloadSqlEditor();
  }, [exam]);

  const shortcuts = useMemo(
    () => ({
      KeyN: () => store.getState().goNext(),
      KeyP: () => store.getState().goPrev(),
      KeyF: () => {
        const s = store.getState();
        if (s.view === 'question' && s.currentItemId) void s.toggleFlag(s.currentItemId);
      },
      KeyR: () => store.getState().openReview(),
    }),
    [store],
  );
  useAltShortcuts(shortcuts, state === 'in-progress');

  const coding = view === 'question' && entry?.item.type === 'coding';
  return (
    <div className={coding ? 'shell shell--coding' : 'shell'}>
      <a className="skip-link" href="#main">
        Skip to the question
      </a>
      <AppHeader title={exam.title}>
        {timer ? <Timer timer={timer} timerAt={timerAt} /> : null}
        <SaveIndicator save={save} onRetry={retrySave} conflicts={conflictPaths} />
      </AppHeader>
      <TimerWarning />
      <div className="shell-body">
        <nav className="shell-nav" aria-label="Questions">
          <Navigator sections={exam.sections} currentItemId={currentItemId} reviewOpen={view === 'review'} statusOf={statusOf} onGo={goTo} onReview={openReview} rail={coding} />
        </nav>
        <main id="main" className="shell-main" tabIndex={-1}>
          {view === 'review' || !entry ? <ReviewScreen exam={exam} /> : <QuestionScreen key={entry.item.id} entry={entry} total={entries.length} />}
        </main>
      </div>
    </div>
  );
}
