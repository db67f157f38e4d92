/**
 * Which language a text is written in, from its content alone, for a document whose language is not set yet: a
 * handful of signals a line or two of each language shows (a shebang, `def …:`, `#include`, `package …;`, …),
 * tried from the most telling to the least. Null when nothing is clear: plain text is a fine answer, a wrong
 * language is not, so every rule wants a signal that prose and other languages do not have.
 */
interface Rule {
  readonly language: string;
  readonly test: (text: string) => boolean;
}

const has = (pattern: RegExp) => (text: string) => pattern.test(text);
const count = (pattern: RegExp, text: string) => text.match(pattern)?.length ?? 0;

const RULES: readonly Rule[] = [
  { language: 'python', test: has(/^#!.*\bpython/) },
  { language: 'shell', test: has(/^#!.*\b(ba|z|da|k)?sh\b/) },
  { language: 'javascript', test: has(/^#!.*\bnode\b/) },
  { language: 'html', test: has(/^\s*(<!doctype html|<html[\s>])/i) },
  { language: 'json', test: (text) => /^\s*[[{]/.test(text) && isJson(text) },
  { language: 'c++', test: (text) => /^#include\s*[<"]/m.test(text) && /\bstd::|#include\s*<(iostream|vector|string|memory)>|\bclass\s+\w+|\bnamespace\s+\w+|\btemplate\s*</.test(text) },
  { language: 'c', test: has(/^#include\s*[<"][\w./]+\.h[>"]/m) },
  { language: 'go', test: (text) => /^package \w+\s*$/m.test(text) && /^func\s/m.test(text) },
  { language: 'java', test: has(/^package [\w.]+;\s*$|^import java\.|\b(public|private|protected)\s+(static\s+)?(final\s+)?(class|interface|record|enum)\s+\w+/m) },
  { language: 'rust', test: has(/^\s*(pub\s+)?fn\s+\w+\s*(<[^>]*>)?\([^)]*\)\s*(->[^{]+)?\{|^use (std|crate)::|\blet\s+mut\s+\w+/m) },
  { language: 'python', test: has(/^\s*(async\s+)?def\s+\w+\s*\([^)]*\)\s*(->\s*[^:]+)?:\s*$|^\s*class\s+\w+(\([^)]*\))?:\s*$|^from\s+[\w.]+\s+import\s+\w+|^if __name__ == ['"]__main__['"]:/m) },
  { language: 'typescript', test: has(/^\s*(export\s+)?(interface\s+\w+\s*\{|type\s+\w+\s*=)|\b(const|let)\s+\w+\s*:\s*(string|number|boolean)\b|\bfunction\s+\w+\s*\([^)]*:\s*(string|number|boolean)\b/m) },
  { language: 'javascript', test: has(/^\s*(import\s.+\sfrom\s+['"]|export\s+(default\s+)?(function|class|const)\b)|\bconsole\.log\(|^\s*(const|let)\s+\w+\s*=\s*(require\(|\(.*\)\s*=>|async\s)|^\s*function\s+\w+\s*\(/m) },
  { language: 'sql', test: has(/^\s*(SELECT\s.+\sFROM\s|INSERT\s+INTO\s|CREATE\s+(TABLE|INDEX|VIEW)\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s)/im) },
  { language: 'css', test: (text) => /^[^\n{};]*[.#:\w-][^\n{};]*\{\s*$/m.test(text) && /^\s+[\w-]+\s*:\s*[^;\n]+;\s*$/m.test(text) },
  { language: 'markdown', test: (text) => /^#{1,6} \S/m.test(text) && /^(\s*[-*] \S|```|\d+\. \S|> \S)|\[[^\]]+\]\([^)]+\)|\*\*\S/m.test(text) },
  { language: 'yaml', test: (text) => /^---\s*$/m.test(text) ? count(/^\s*[\w-]+:(\s|$)/gm, text) >= 1
      : count(/^\s*[\w-]+:(\s|$)/gm, text) >= 3 && /^[\w-]+:\s*$/m.test(text) && /^\s+([\w-]+:|- )/m.test(text)
      && !/[;{}]/.test(text) },
  { language: 'shell', test: has(/^\s*(echo|export)\s+\S.*$|^\s*if \[\[? .+ \]\]?; then$/m) },
];

/** The first 20 000 characters are plenty to tell, and keep this cheap on every keystroke. */
const LOOK_AT = 20_000;

/** The protocol name of the language `text` is written in, or null when it is not clear. */
export function detectLanguage(text: string): string | null {
  const sample = text.length > LOOK_AT ? text.slice(0, LOOK_AT) : text;
  if (sample.trim().length < 8) return null;
  return RULES.find((rule) => rule.test(sample))?.language ?? null;
}

function isJson(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}
