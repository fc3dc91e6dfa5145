// Vietnamese first, English second: the language is kept in localStorage and switched from the
// header; every text a user reads comes from vi.json / en.json.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
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

/// Holds the chosen language for everything below it.
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang());
  const value = useMemo(
    () => ({
      lang,
      t: (key: string) => translate(lang, key),
      setLang: (next: Lang) => {
        localStorage.setItem('ungcuu.lang', next);
        document.documentElement.lang = next;
        setLangState(next);
      },
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
