import { useCallback } from 'react';
import type { Item } from '../../../shared/exam/examSchema.js';
import { answerValue } from '../store/answersSlice.js';
import { useApp } from '../store/StoreProvider.js';
import { MultipleChoiceView, SingleChoiceView } from './ChoiceViews.js';
import { CodingView } from './CodingView.js';
import { NumericView } from './NumericView.js';
import { SqlView } from './SqlView.js';
import { EssayView, ShortTextView } from './TextViews.js';

/** The view for one item, wired to the store: values from drafts or saved answers, edits to the save queue. */
export function ItemView({ item, labelledBy }: { item: Item; labelledBy: string }) {
  const attemptId = useApp((s) => s.attempt?.attemptId ?? '');
  const value = useApp((s) => answerValue(s, item.id));
  const numericText = useApp((s) => s.numericText[item.id]);
  const editAnswer = useApp((s) => s.editAnswer);
  const setNumericText = useApp((s) => s.setNumericText);
  const runSql = useApp((s) => s.runSql);
  const api = useApp((s) => s.api);
  const loadSchema = useCallback(() => api.sqlSchema({ itemId: item.id }), [api, item.id]);
  const onChange = (next: unknown, options?: { immediate?: boolean }) => editAnswer(item.id, next, options);
  const common = { value, onChange, attemptId, labelledBy };

  switch (item.type) {
    case 'single-choice':
      return <SingleChoiceView item={item} {...common} />;
    case 'multiple-choice':
      return <MultipleChoiceView item={item} {...common} />;
    case 'short-text':
      return <ShortTextView item={item} {...common} />;
    case 'numeric':
      return <NumericView item={item} {...common} text={numericText ?? (typeof value === 'number' ? String(value) : '')} onText={(t) => setNumericText(item.id, t)} />;
    case 'essay':
      return <EssayView item={item} {...common} />;
    case 'sql':
      return <SqlView item={item} {...common} onRun={(query) => runSql(item.id, query)} loadSchema={loadSchema} />;
    case 'coding':
      return <CodingView item={item} />;
  }
}
