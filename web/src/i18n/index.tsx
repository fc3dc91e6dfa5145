// Vietnamese first, English second: the language is kept in localStorage and switched from the
// header; every text a user reads comes from vi.json / en.json.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import vi from './vi.json';

export type Lang = 'vi' | 'en';
export type Key = keyof typeof vi;

// Vietnamese comes with the first script; English is fetched when someone chooses it (most
// users never do, and every page would otherwise parse both).
const dictionaries: Record<Lang, Record<string, string> | null> = { vi, en: null };
let english: Promise<void> | null = null;
function loadEnglish(): Promise<void> {
  english ??= import('./en.json').then((module) => {
    dictionaries.en = module.default;
  });
  return english;
}

export function translate(lang: Lang, key: string): string {
  return dictionaries[lang]?.[key] ?? vi[key as Key] ?? key;
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
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (lang === 'en' && dictionaries.en === null) {
      void loadEnglish().then(() => setLoaded((n) => n + 1));
    }
  }, [lang]);
  const enReady = dictionaries.en !== null;
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [lang, enReady],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
