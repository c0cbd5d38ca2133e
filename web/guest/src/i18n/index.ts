// The guest pages' language: Russian unless the guest chose English on this phone.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en.ts';
import { ru } from './ru.ts';

export type Lang = 'ru' | 'en';
export type MessageKey = keyof typeof ru;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'kopilka.guest.lang';
const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { ru, en };

export const storedLang = (): Lang => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ru');
export const saveLang = (lang: Lang) => localStorage.setItem(STORAGE_KEY, lang);

export function translator(lang: Lang): Translate {
  return (key, vars) =>
    CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (_m, name: string) => String(vars?.[name] ?? ''));
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'ru',
  t: translator('ru'),
  setLang: () => {},
});

export const useI18n = () => useContext(I18nContext);
