// Small pieces shared by the pages: the signed-in session, error display, unit labels.
import { createContext, useContext } from 'react';
import { App as AntApp } from 'antd';
import { ApiError, type Unit, type User } from './api';
import { useI18n, type Lang } from './i18n';

export interface Session {
  user: User;
  csrf: string;
}

export const SessionContext = createContext<{ session: Session | null; refresh: () => void }>({
  session: null,
  refresh: () => {},
});

export function useSession() {
  return useContext(SessionContext);
}

export function errorText(error: unknown, lang: Lang): string {
  if (error instanceof ApiError) {
    const p = error.problem;
    const main = lang === 'vi' ? p.message_vi : p.message_en;
    return main;
  }
  return String(error);
}

/// Shows an API error as a message (Vietnamese or English by the current language).
export function useShowError() {
  const { message } = AntApp.useApp();
  const { lang } = useI18n();
  return (error: unknown) => {
    message.error({ content: errorText(error, lang), duration: 6 });
  };
}

/// Field errors of a problem, for antd Form.setFields.
export function fieldErrors(error: unknown, lang: Lang) {
  if (!(error instanceof ApiError)) return [];
  return error.problem.errors.map((e) => ({
    name: e.field,
    errors: [lang === 'vi' ? e.message_vi : e.message_en],
  }));
}

export function unitName(unit: Unit | undefined, lang: Lang): string {
  if (!unit) return '';
  return lang === 'en' && unit.name_en ? unit.name_en : unit.name_vi;
}

export const unitKinds = [
  'national',
  'national_body',
  'province',
  'department',
  'district',
  'commune',
  'response_team',
  'soc',
  'enterprise',
  'other',
];

export const roles = ['admin', 'coordinator', 'responder', 'officer', 'leader', 'auditor'];

export function formatTime(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

/// Can the signed-in user perform `permission` somewhere? (The server decides per unit.)
export function hasRole(user: User | undefined, wanted: string[]): boolean {
  return (user?.roles ?? []).some((r) => wanted.includes(r.role));
}

/// Active units as TreeSelect data (children under their parents; units whose parent is out of
/// the caller's scope become roots).
export function unitSelectTree(units: Unit[], lang: Lang): object[] {
  const active = units.filter((u) => u.active);
  const ids = new Set(active.map((u) => u.id));
  const build = (parent: number | null): object[] =>
    active
      .filter((u) => (parent === null ? u.parent_id === null || !ids.has(u.parent_id) : u.parent_id === parent))
      .map((u) => ({ value: u.id, title: unitName(u, lang), children: build(u.id) }));
  return build(null);
}
