// The JSON API client: same-origin cookies, the CSRF token on every state-changing request,
// and errors carrying the server's Vietnamese and English messages.

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

export interface Unit {
  id: number;
  parent_id: number | null;
  path: string;
  code: string;
  kind: string;
  name_vi: string;
  name_en: string;
  address: string;
  phone: string;
  fax: string;
  email: string;
  website: string;
  report_address: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface RoleAssignment {
  id: number;
  unit_id: number;
  role: string;
  local: boolean;
}

export interface User {
  id: number;
  login: string;
  full_name: string;
  email: string;
  unit_id: number;
  active: boolean;
  totp_enabled: boolean;
  created_at: string;
  roles?: RoleAssignment[];
}

export interface Person {
  id: number;
  unit_id: number;
  full_name: string;
  position: string;
  office_phone: string;
  mobile_phone: string;
  email: string;
  active: boolean;
}

export interface Contact {
  role: 'leader' | 'primary' | 'backup';
  changed_at: string;
  person: Person;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_login: string;
  address: string;
  request_id: string;
  action: string;
  object_type: string;
  object_id: number;
  unit_id: number | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

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
