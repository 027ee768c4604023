// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CodeEditor from '../../../../renderer/src/editor/CodeEditor.js';
import { clearClipboardMemory, rememberCopy } from '../../../../renderer/src/terminal/clipboardMemory.js';

afterEach(() => {
  cleanup();
  clearClipboardMemory();
});

function paste(target: Element, text: string): Event {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } });
  target.dispatchEvent(event);
  return event;
}

function setup(policy: 'allow' | 'isolated' | 'block') {
  const onChange = vi.fn();
  const onRefused = vi.fn();
  const { container } = render(<CodeEditor path="sum.js" value="" onChange={onChange} onSave={() => {}} label="Code editor" clipboardPolicy={policy} onClipboardRefused={onRefused} />);
  const content = container.querySelector('.cm-content') as HTMLElement;
  return { content, onChange, onRefused };
}

describe('the code editor and the clipboard policy', () => {
  it('isolated: refuses a paste from outside the exam and lets text copied inside it through', () => {
    const { content, onChange, onRefused } = setup('isolated');
    const outside = paste(content, 'from a web page');
    expect(outside.defaultPrevented).toBe(true);
    expect(onRefused).toHaveBeenCalledWith(expect.stringContaining('Only text copied inside the exam'));
    expect(onChange).not.toHaveBeenCalled();
    rememberCopy('return total;');
    onRefused.mockClear();
    paste(content, 'return total;');
    expect(onRefused).not.toHaveBeenCalled();
  });

  it('block: refuses every paste', () => {
    const { content, onChange, onRefused } = setup('block');
    rememberCopy('x');
    expect(paste(content, 'y').defaultPrevented).toBe(true);
    expect(onChange).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledWith(expect.stringContaining('turned off'));
  });

  it('has an accessible name', () => {
    const { content } = setup('allow');
    expect(content.getAttribute('aria-label')).toBe('Code editor');
  });
});
