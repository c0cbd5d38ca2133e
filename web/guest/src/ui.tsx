// Small pieces every guest page uses: the header with the language switch, a labelled field,
// and an error line read aloud by screen readers.
import type { ComponentChildren } from 'preact';
import { useI18n } from './i18n/index.ts';

export function Header({ venue }: { venue: string | null }) {
  const { lang, t, setLang } = useI18n();
  return (
    <header class="top">
      <span class="venue">{venue ?? ''}</span>
      <button type="button" class="link" onClick={() => setLang(lang === 'ru' ? 'en' : 'ru')}>
        {t('lang.switch')}
      </button>
    </header>
  );
}

export function Field(props: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="label">{props.label}</span>
      {props.children}
      {props.hint && <span class="hint">{props.hint}</span>}
    </label>
  );
}

export function ErrorLine({ text }: { text: string | null }) {
  return text ? (
    <p class="error" role="alert">
      {text}
    </p>
  ) : null;
}
