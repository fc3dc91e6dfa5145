// Vietnamese first, English second: the language is kept in localStorage and switched from the
// header; every text a user reads comes from vi.json / en.json.
import { createContext, useContext } from 'react';
import vi from './vi.json';
import en from './en.json';

export type Lang = 'vi' | 'en';
export type Key = keyof typeof vi;

const dictionaries: Record<Lang, Record<string, string>> = { vi, en };

export function translate(lang: Lang, key: string): string {
  return dictionaries[lang][key] ?? dictionaries.vi[key] ?? key;
}

export interface I18n {
  lang: Lang;
  t: (key: Key | string) => string;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'vi',
  t: (key) => translate('vi', key),
  setLang: () => {},
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function initialLang(): Lang {
  return localStorage.getItem('ungcuu.lang') === 'en' ? 'en' : 'vi';
}
