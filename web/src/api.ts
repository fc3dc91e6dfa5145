// The JSON API client: same-origin cookies, the CSRF token on every state-changing request,
// and errors carrying the server's Vietnamese and English messages.

import type { Schemas } from './apiTypes';

export interface Problem {
  status: number;
  code: string;
  message_vi: string;
  message_en: string;
  errors: { field: string; message_vi: string; message_en: string }[];
}

export class ApiError extends Error {
  constructor(public problem: Problem) {
    super(problem.message_en);
  }
}

let csrfToken = '';
export function setCsrf(token: string) {
  csrfToken = token;
}
export function csrf(): string {
  return csrfToken;
}

let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
}

/// Sends a body that is not JSON (log lines, say) with its own content type.
export async function apiSend<T>(method: string, path: string, body: BodyInit, contentType: string): Promise<T> {
  return request<T>(method, path, body, contentType);
}

async function request<T>(method: string, path: string, body: BodyInit | undefined, contentType: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch('/api/v1' + path, {
      method,
      headers,
      credentials: 'same-origin',
      body,
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'unavailable',
      message_vi: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
      message_en: 'Cannot reach the server. Check the network and try again.',
      errors: [],
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem: Problem = {
      status: response.status,
      code: data?.code ?? 'internal',
      message_vi: data?.message_vi ?? `Lỗi ${response.status}`,
      message_en: data?.message_en ?? `Error ${response.status}`,
      errors: data?.errors ?? [],
    };
    if (response.status === 401 && path !== '/session') onUnauthenticated();
    throw new ApiError(problem);
  }
  return data as T;
}

export type Unit = Schemas['Unit'];
/// What a malware scan of a stored file found (null: not scanned).
export type FileScan = Schemas['FileScan'];

export type RoleAssignment = Schemas['RoleAssignment'];

export type User = Schemas['User'];

export type Person = Schemas['Person'];

export type Contact = Schemas['Contact'];

export type AuditEntry = Schemas['AuditEntry'];

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/// Loads every page of a list endpoint (units of a province fit in a few pages).
export async function listAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page: Page<T> = await api<Page<T>>(
      'GET',
      `${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}
