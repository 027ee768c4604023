import { CodingWorkspace } from '../editor/CodingWorkspace.js';
import type { ItemViewProps } from './itemViewProps.js';

export type CodingViewProps = Pick<ItemViewProps<'coding'>, 'item'>;

/**
 * A coding item is its workspace (task, files, editor, terminal, tests): nothing is saved from
 * here; the workspace is the answer, and only the engine says when it is recorded.
 */
export function CodingView({ item }: CodingViewProps) {
  return <CodingWorkspace item={item} />;
}
