import type { Extension } from '@codemirror/state';

/**
 * The CodeMirror language for a file, by extension, each loaded on first use. TypeScript is the
 * JavaScript mode with `typescript: true`. Unknown kinds get plain text.
 */
export async function languageFor(path: string): Promise<Extension | null> {
  const name = path.split('/').pop() ?? path;
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  switch (ext) {
    case 'js':
    case 'mjs':
    case 'cjs':
      return (await import('@codemirror/lang-javascript')).javascript();
    case 'jsx':
      return (await import('@codemirror/lang-javascript')).javascript({ jsx: true });
    case 'ts':
    case 'mts':
    case 'cts':
      return (await import('@codemirror/lang-javascript')).javascript({ typescript: true });
    case 'tsx':
      return (await import('@codemirror/lang-javascript')).javascript({ typescript: true, jsx: true });
    case 'json':
      return (await import('@codemirror/lang-json')).json();
    case 'sql':
      return (await import('@codemirror/lang-sql')).sql();
    case 'py':
      return (await import('@codemirror/lang-python')).python();
    case 'yml':
    case 'yaml':
      return (await import('@codemirror/lang-yaml')).yaml();
    case 'md':
    case 'markdown':
      return (await import('@codemirror/lang-markdown')).markdown();
    default:
      return null;
  }
}
