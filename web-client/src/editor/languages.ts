import { StreamLanguage } from '@codemirror/language';
import type { Extension } from '@codemirror/state';

/** A language the editor highlights: its protocol name (docs/protocol.md, section 2), label and file extension. */
export interface LanguageMode {
  readonly id: string;
  readonly label: string;
  readonly extension: string;
  /** Loads the CodeMirror support; each is its own chunk of the bundle, fetched when first used. */
  readonly load: () => Promise<Extension>;
}

const none = async (): Promise<Extension> => [];

export const LANGUAGES: readonly LanguageMode[] = [
  { id: 'plaintext', label: 'Plain text', extension: 'txt', load: none },
  { id: 'c', label: 'C', extension: 'c', load: async () => (await import('@codemirror/lang-cpp')).cpp() },
  { id: 'c++', label: 'C++', extension: 'cpp', load: async () => (await import('@codemirror/lang-cpp')).cpp() },
  { id: 'css', label: 'CSS', extension: 'css', load: async () => (await import('@codemirror/lang-css')).css() },
  { id: 'go', label: 'Go', extension: 'go', load: async () => (await import('@codemirror/lang-go')).go() },
  { id: 'html', label: 'HTML', extension: 'html', load: async () => (await import('@codemirror/lang-html')).html() },
  { id: 'java', label: 'Java', extension: 'java', load: async () => (await import('@codemirror/lang-java')).java() },
  {
    id: 'javascript', label: 'JavaScript', extension: 'js',
    load: async () => (await import('@codemirror/lang-javascript')).javascript({ jsx: true }),
  },
  { id: 'json', label: 'JSON', extension: 'json', load: async () => (await import('@codemirror/lang-json')).json() },
  {
    id: 'markdown', label: 'Markdown', extension: 'md',
    load: async () => (await import('@codemirror/lang-markdown')).markdown(),
  },
  {
    id: 'python', label: 'Python', extension: 'py',
    load: async () => (await import('@codemirror/lang-python')).python(),
  },
  { id: 'rust', label: 'Rust', extension: 'rs', load: async () => (await import('@codemirror/lang-rust')).rust() },
  {
    id: 'shell', label: 'Shell', extension: 'sh',
    load: async () => StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell),
  },
  { id: 'sql', label: 'SQL', extension: 'sql', load: async () => (await import('@codemirror/lang-sql')).sql() },
  {
    id: 'typescript', label: 'TypeScript', extension: 'ts',
    load: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true, jsx: true }),
  },
  { id: 'yaml', label: 'YAML', extension: 'yaml', load: async () => (await import('@codemirror/lang-yaml')).yaml() },
];

/** Other names people and tools use for the same languages. */
const ALIASES: Record<string, string> = {
  text: 'plaintext', txt: 'plaintext', plain: 'plaintext',
  cpp: 'c++', cxx: 'c++', 'c-plus-plus': 'c++', h: 'c',
  golang: 'go', js: 'javascript', jsx: 'javascript', ecmascript: 'javascript', node: 'javascript',
  ts: 'typescript', tsx: 'typescript', py: 'python', python3: 'python', rs: 'rust', md: 'markdown',
  yml: 'yaml', sh: 'shell', bash: 'shell', zsh: 'shell', postgresql: 'sql', mysql: 'sql', htm: 'html',
};

/** The mode for a protocol language name; an unknown name gets plain text under its own name. */
export function languageMode(id: string): LanguageMode {
  const known = LANGUAGES.find((l) => l.id === (ALIASES[id] ?? id));
  return known ?? { id, label: id, extension: 'txt', load: none };
}
