import { IDENTIFIER } from '../protocol/messages';

/**
 * The app's URLs. A document lives at `/d/{docId}` (its read-only view at `/d/ro_...`), which the gateway serves
 * as index.html; `/#/d/{docId}` works too, for a server that serves only `/`.
 */
export type Route = { readonly page: 'start' } | { readonly page: 'document'; readonly docId: string };

export function currentRoute(location: Location = window.location): Route {
  const match = /^\/d\/([^/]+)\/?$/.exec(location.pathname) ?? /^#\/d\/([^/]+)\/?$/.exec(location.hash);
  if (match) {
    const docId = decodeURIComponent(match[1]!);
    if (IDENTIFIER.test(docId)) return { page: 'document', docId };
  }
  return { page: 'start' };
}

export function documentUrl(docId: string, origin = window.location.origin): string {
  return `${origin}/d/${encodeURIComponent(docId)}`;
}

export function documentPath(docId: string): string {
  return `/d/${encodeURIComponent(docId)}`;
}

/** The document id in something a person pasted: a Tandem link (either form) or a bare id. */
export function docIdFrom(input: string): string | null {
  const text = input.trim();
  if (IDENTIFIER.test(text)) return text;
  try {
    const url = new URL(text);
    const route = currentRoute({ pathname: url.pathname, hash: url.hash } as Location);
    return route.page === 'document' ? route.docId : null;
  } catch {
    return null;
  }
}

export function isReadOnlyId(id: string): boolean {
  return /^ro_[A-Za-z0-9_-]{22}$/.test(id);
}
