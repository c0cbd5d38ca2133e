// The language switch: Russian by default, English on request, remembered in this browser.
// t('key', { name }) looks a string up in the current catalogue.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ru } from './ru.ts';
import { en } from './en.ts';

export type MessageKey = keyof typeof ru;
export type Catalogue = Record<MessageKey, string>;
export type Lang = 'ru' | 'en';

const CATALOGUES: Record<Lang, Catalogue> = { ru, en };
const STORAGE_KEY = 'kopilka.lang';

export function storedLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ru';
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const t = useCallback<Translate>(
    (key, vars) => {
      const text = CATALOGUES[lang][key] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
    },
    [lang],
  );
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
