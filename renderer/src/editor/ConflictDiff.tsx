import { diffLines } from 'diff';
import { useMemo } from 'react';

/**
 * What differs between the candidate's buffer and the file on disk, line by line: lines only in
 * the buffer marked "mine", lines only on disk marked "disk", in words as well as colour.
 */
export function ConflictDiff({ mine, disk }: { mine: string; disk: string }) {
  const parts = useMemo(() => diffLines(disk, mine), [mine, disk]);
  return (
    <pre className="conflict-diff" data-testid="conflict-diff" aria-label="Differences: lines marked + are only in your version, lines marked − only on disk">
      {parts.map((part, i) => {
        const kind = part.added ? 'mine' : part.removed ? 'disk' : 'same';
        const sign = part.added ? '+ ' : part.removed ? '− ' : '  ';
        const lines = part.value.replace(/\n$/, '').split('\n');
        return (
          <span key={i} className={`diff-line diff-line--${kind}`}>
            {lines.map((line) => `${sign}${line}`).join('\n')}
            {kind !== 'same' ? <span className="sr-only">{kind === 'mine' ? ' (only in yours)' : ' (only on disk)'}</span> : null}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
