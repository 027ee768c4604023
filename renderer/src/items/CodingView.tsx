import { forLanguage } from '../../../shared/exam/languages.js';
import { CodingWorkspace } from '../editor/CodingWorkspace.js';
import type { ItemViewProps } from './itemViewProps.js';

export interface CodingViewProps extends Pick<ItemViewProps<'coding'>, 'item'> {
  /** The engine has recorded a workspace for this item. */
  answered: boolean;
}

/**
 * The coding layout: prompt above, then the workspace (files, editor, terminal). Nothing is saved
 * from here: a coding item is answered by its workspace, and only the engine says when it is.
 */
export function CodingView({ item, answered }: CodingViewProps) {
  // A per-language test command needs the candidate's language pick, which this view does not have yet.
  const testCommand = forLanguage(item.testCommand, null);
  return (
    <div className="coding">
      <section className="coding-pane" aria-labelledby={`${item.id}-ws`}>
        <h2 id={`${item.id}-ws`} className="pane-title">
          Workspace
        </h2>
        <p>
          Task folder: <code>{item.task.replace(/^tasks\//, '')}</code>
        </p>
        {testCommand ? (
          <p>
            Tests run with <code>{testCommand}</code>.
          </p>
        ) : null}
        <p data-testid="coding-status">
          <span aria-hidden="true">{answered ? '✓ ' : '• '}</span>
          {answered ? 'Your workspace has been recorded as your answer.' : 'Your work in the workspace is your answer; nothing to save here.'}
        </p>
      </section>
      <CodingWorkspace item={item} />
    </div>
  );
}
