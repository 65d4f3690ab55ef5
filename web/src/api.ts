/** The error the server sent, already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let locale = 'en';

/** Remembers the CSRF token the server issued (sent back on every state change). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The interface language sent with every request, so errors come back in it. */
export function setApiLocale(l: string): void {
  locale = l;
}

/** Calls the Jisr API with the session cookie, the CSRF token and the language; throws ApiError on failure. */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'x-jisr-locale': locale };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code: string; message: string; field?: string } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? 'internal', err?.message ?? res.statusText, err?.field);
  }
  return data as T;
}
