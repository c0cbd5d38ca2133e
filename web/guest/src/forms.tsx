// The guest page's two forms: a promo code from a receipt, and a review for the venue; and the
// busy/error state every action on the page shares.
import { useState } from 'preact/hooks';
import { ApiError, call } from './api.ts';
import { moment } from './format.ts';
import { useI18n } from './i18n/index.ts';
import type { Me } from './MePage.tsx';
import { ErrorLine, Field } from './ui.tsx';

/** Runs one action at a time and keeps its error in the page's language. */
export function useSubmit() {
  const { lang, t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}

export function PromoCodeForm({ me, onEntered }: { me: Me; onEntered: () => void }) {
  const { lang, t } = useI18n();
  const [code, setCode] = useState('');
  const { busy, error, submit } = useSubmit();
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(async () => {
          await call('POST', '/me/promo-codes', { code });
          setCode('');
          onEntered();
        });
      }}
    >
      <h2>{t('promo.title')}</h2>
      <div class="row">
        <input
          aria-label={t('promo.title')}
          required
          maxLength={64}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button class="secondary" type="submit" disabled={busy}>
          {t('promo.submit')}
        </button>
      </div>
      <p class="hint">{t('promo.hint', { minutes: me.promo_code_lifetime_minutes })}</p>
      <ErrorLine text={error} />
      {me.promo_codes.map((c) => (
        <p key={c.code} class={c.active ? 'ok' : 'hint'}>
          {c.active
            ? t('promo.entered', { code: c.code, time: moment(c.valid_until, lang) })
            : t('promo.expired', { code: c.code })}
        </p>
      ))}
    </form>
  );
}

export function ReviewForm() {
  const { t } = useI18n();
  const [rating, setRating] = useState(0);
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, setError, submit } = useSubmit();
  if (sent)
    return (
      <section class="card">
        <p class="ok">{t('review.thanks')}</p>
      </section>
    );
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (!rating) return setError(t('error.pickRating'));
        void submit(async () => {
          await call('POST', '/me/reviews', { rating, text });
          setSent(true);
        });
      }}
    >
      <h2>{t('review.title')}</h2>
      <div class="stars" role="radiogroup" aria-label={t('review.rating')}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={rating === n}
            aria-label={t('review.star', { n })}
            class={n <= rating ? 'star on' : 'star'}
            onClick={() => setRating(n)}
          >
            ★
          </button>
        ))}
      </div>
      <Field label={t('review.text')}>
        <textarea
          rows={4}
          maxLength={2000}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </Field>
      <ErrorLine text={error} />
      <button class="primary" type="submit" disabled={busy}>
        {t('review.submit')}
      </button>
    </form>
  );
}
