import type { ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';

export interface MarkdownProps {
  text: string;
  /** Level of the surrounding heading: prompt headings are nested below it. */
  headingBase?: number;
  className?: string;
}

type HeadingTag = 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
const headingTag = (base: number, level: number): HeadingTag => `h${Math.min(6, Math.max(2, base + level))}` as HeadingTag;

function components(base: number): Components {
  const heading =
    (level: number) =>
    ({ children }: { children?: ReactNode }) => {
      const Tag = headingTag(base, level);
      return <Tag>{children}</Tag>;
    };
  return {
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
    // A link must not take the candidate out of the exam: show its text and where it points.
    a: ({ children, href }) => (
      <span className="md-link">
        {children}
        {href && href !== String(children) ? <span className="md-href"> ({href})</span> : null}
      </span>
    ),
    // Images from outside the package are blocked by the CSP anyway; say what was meant instead.
    img: ({ alt }) => <span className="md-img">[image{alt ? `: ${alt}` : ''}]</span>,
  };
}

/**
 * Exam markdown, rendered safely: raw HTML is dropped (`skipHtml`, and no rehype-raw), URLs go
 * through react-markdown's default sanitising transform, and fenced code is highlighted.
 */
export default function MarkdownRenderer({ text, headingBase = 1, className }: MarkdownProps) {
  return (
    <div className={className ? `md ${className}` : 'md'}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[[rehypeHighlight, { detect: false }]]} skipHtml components={components(headingBase)}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
