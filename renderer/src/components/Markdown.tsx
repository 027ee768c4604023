import { lazy, Suspense } from 'react';
import type { MarkdownProps } from './MarkdownRenderer.js';

// The markdown and highlighting code is a separate chunk: the first screen does not need it.
const MarkdownRenderer = lazy(() => import('./MarkdownRenderer.js'));

/** Starts loading the markdown chunk early (after the first screen is up) so prompts appear at once. */
export function preloadMarkdown(): void {
  void import('./MarkdownRenderer.js');
}

export function Markdown(props: MarkdownProps) {
  return (
    <Suspense fallback={<div className={props.className ? `md md--plain ${props.className}` : 'md md--plain'}>{props.text}</div>}>
      <MarkdownRenderer {...props} />
    </Suspense>
  );
}
