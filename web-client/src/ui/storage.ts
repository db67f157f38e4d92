import { cleanName, COLOR } from '../protocol/messages';

/** What the browser remembers, in localStorage: the person's name and color, theme, recent documents. */

const KEYS = { name: 'tandem.name', color: 'tandem.color', theme: 'tandem.theme', recent: 'tandem.recent' };

/** Colors for carets and authorship: distinct, readable on light and dark backgrounds. */
export const PALETTE = [
  '#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#0ea5e9', '#f032e6', '#65a30d',
  '#d97706', '#0d9488', '#db2777', '#7c3aed',
] as const;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled: remember nothing
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage full or disabled
  }
}

export interface Identity {
  readonly name: string;
  readonly color: string;
}

/** The person's name and color, made up (and remembered) on the first visit. */
export function identity(): Identity {
  let name = cleanName(read(KEYS.name) ?? '');
  let color = read(KEYS.color) ?? '';
  if (!name) {
    name = `Guest ${1000 + Math.floor(Math.random() * 9000)}`;
    write(KEYS.name, name);
  }
  if (!COLOR.test(color)) {
    color = PALETTE[Math.floor(Math.random() * PALETTE.length)]!;
    write(KEYS.color, color);
  }
  return { name, color };
}

export function saveIdentity(identity: Identity): void {
  write(KEYS.name, identity.name);
  write(KEYS.color, identity.color);
}

export type ThemeChoice = 'light' | 'dark';

export function theme(): ThemeChoice {
  const saved = read(KEYS.theme);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function saveTheme(theme: ThemeChoice): void {
  write(KEYS.theme, theme);
}

/** A document this browser opened. */
export interface RecentDocument {
  readonly docId: string;
  /** Its read-only id, when this browser knows it (it created the document, or the gateway told it). */
  readonly readOnlyId?: string;
  readonly title: string;
  readonly language: string;
  readonly openedAt: number;
}

const MAX_RECENT = 30;

export function recentDocuments(): RecentDocument[] {
  try {
    const list = JSON.parse(read(KEYS.recent) ?? '[]') as unknown;
    if (!Array.isArray(list)) return [];
    return list.filter((d): d is RecentDocument => typeof d?.docId === 'string' && typeof d?.openedAt === 'number')
      .map((d) => ({ ...d, title: String(d.title ?? ''), language: String(d.language ?? 'plaintext') }))
      .sort((a, b) => b.openedAt - a.openedAt);
  } catch {
    return [];
  }
}

/** Records (or updates) a recent document; fields not given keep their remembered values. */
export function rememberDocument(docId: string, update: Partial<Omit<RecentDocument, 'docId'>>): void {
  const list = recentDocuments();
  const old = list.find((d) => d.docId === docId);
  const entry: RecentDocument = {
    docId,
    title: update.title ?? old?.title ?? '',
    language: update.language ?? old?.language ?? 'plaintext',
    openedAt: update.openedAt ?? old?.openedAt ?? Date.now(),
    ...((update.readOnlyId ?? old?.readOnlyId) ? { readOnlyId: update.readOnlyId ?? old?.readOnlyId } : {}),
  };
  const next = [entry, ...list.filter((d) => d.docId !== docId)].slice(0, MAX_RECENT);
  write(KEYS.recent, JSON.stringify(next));
}

export function forgetDocument(docId: string): void {
  write(KEYS.recent, JSON.stringify(recentDocuments().filter((d) => d.docId !== docId)));
}
