// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import MarkdownRenderer from '../../../../../renderer/src/components/MarkdownRenderer.js';

describe('markdown prompts', () => {
  afterEach(cleanup);

  it('never renders raw HTML: no img with onerror, no script', () => {
    const { container } = render(
      <MarkdownRenderer text={'Before <img src=x onerror="window.hacked=1"> after\n\n<script>window.hacked=2</script>\n\n<div onclick="x()">block</div>'} />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror], [onclick]')).toBeNull();
    expect(container.innerHTML).not.toContain('onerror');
    expect(container.textContent).toContain('Before');
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });

  it('drops javascript: URLs and keeps links from navigating away', () => {
    const { container } = render(<MarkdownRenderer text={'[click](javascript:alert(1)) and [docs](https://example.com)'} />);
    expect(container.querySelector('a')).toBeNull();
    expect(container.innerHTML).not.toContain('javascript:');
    expect(container.textContent).toContain('docs (https://example.com)');
  });

  it('renders markdown and highlights fenced code', () => {
    const { container } = render(<MarkdownRenderer text={'Use **bold** and `code`.\n\n```sql\nSELECT id FROM orders;\n```'} />);
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    const code = container.querySelector('pre code');
    expect(code?.className).toContain('hljs');
    expect(code?.querySelector('.hljs-keyword')?.textContent).toBe('SELECT');
  });

  it('nests prompt headings below the page heading', () => {
    const { container } = render(<MarkdownRenderer text={'# Title\n\n## Sub'} headingBase={1} />);
    expect(container.querySelector('h1')).toBeNull();
    expect(container.querySelector('h2')?.textContent).toBe('Title');
    expect(container.querySelector('h3')?.textContent).toBe('Sub');
  });
});
