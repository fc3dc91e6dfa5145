// Text helpers with no UI library behind them, shared by the public page and the staff
// application: API errors in the reader's language, field errors, and the one date format.
import { ApiError } from './api';
import type { Lang } from './i18n';

export function errorText(error: unknown, lang: Lang): string {
  if (error instanceof ApiError) {
    const p = error.problem;
    const main = lang === 'vi' ? p.message_vi : p.message_en;
    return main;
  }
  return String(error);
}

/// Field errors of a problem, for antd Form.setFields.
export function fieldErrors(error: unknown, lang: Lang) {
  if (!(error instanceof ApiError)) return [];
  return error.problem.errors.map((e) => ({
    name: e.field,
    errors: [lang === 'vi' ? e.message_vi : e.message_en],
  }));
}

/// A moment as people here write it, in both languages: "05/12/2026 13:14" (local time).
export function formatTime(iso: string, _lang?: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/// A share in per cent as people here write it ("99,95%" in Vietnamese), or a dash for none.
export function percent(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  return `${value.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 })}%`;
}
