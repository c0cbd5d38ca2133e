// The registration link's page: joining with phone, name, birthday and consent, the phone
// proven by an SMS code; and signing in with phone and code for a guest who has a card. A phone
// with no card that tries to sign in is offered joining, and its code still works for that.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, saveLink, saveSession, type Session } from './api.ts';
import { useI18n } from './i18n/index.ts';
import { ErrorLine, Field, Header } from './ui.tsx';

interface LinkInfo {
  organization: string;
  restaurant: string | null;
  consent: { version: string; ru: string; en: string };
}

type Mode = 'join' | 'signIn';

export function JoinPage({ token, mode: initial }: { token: string; mode: Mode }) {
  const { lang, t } = useI18n();
  const [link, setLink] = useState<LinkInfo | null>(null);
  const [mode, setMode] = useState<Mode>(initial);
  const [step, setStep] = useState<'form' | 'code'>('form');
  const [phone, setPhone] = useState('+7 ');
  const [name, setName] = useState('');
  const [birthday, setBirthday] = useState('');
  const [consent, setConsent] = useState(false);
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call<LinkInfo>('GET', `/links/${token}`)
      .then(setLink)
      .catch((e: ApiError) => setError(e.text(lang)));
  }, [token]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_a_member') {
        setMode('join');
        setStep('form');
        setNotice(t('signIn.notMember'));
      } else setError(e instanceof ApiError ? e.text(lang) : t('error.network'));
    } finally {
      setBusy(false);
    }
  };

  const signedIn = (s: Session) => {
    saveSession(s);
    saveLink(token);
    location.assign('/me');
  };

  const sendCode = () =>
    run(async () => {
      await call('POST', `/links/${token}/codes`, { phone });
      setStep('code');
    });

  const join = () =>
    run(async () =>
      signedIn(
        await call<Session>('POST', `/links/${token}/join`, {
          phone,
          code,
          first_name: name,
          birthday: birthday || null,
          consent: true,
          consent_version: link?.consent.version ?? '',
        }),
      ),
    );

  const signIn = () =>
    run(async () =>
      signedIn(await call<Session>('POST', `/links/${token}/sign-in`, { phone, code })),
    );

  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (step === 'code') void (mode === 'join' ? join() : signIn());
    // A guest sent here from signing in has a good code already: join with it.
    else if (mode === 'join' && code) void join();
    else void sendCode();
  };

  const venue = link ? (link.restaurant ?? link.organization) : null;
  return (
    <main class="page">
      <Header venue={venue} />
      <h1>{mode === 'join' ? t('join.title') : t('signIn.title')}</h1>
      <p class="lead">{mode === 'join' ? t('join.lead') : t('signIn.lead')}</p>
      {notice && <p class="notice">{notice}</p>}
      <form class="card" onSubmit={onSubmit}>
        {step === 'form' ? (
          <>
            <Field label={t('field.phone')}>
              <input
                type="tel"
                autocomplete="tel"
                inputMode="tel"
                required
                value={phone}
                onInput={(e) => setPhone(e.currentTarget.value)}
              />
            </Field>
            {mode === 'join' && (
              <>
                <Field label={t('field.name')}>
                  <input
                    autocomplete="given-name"
                    required
                    maxLength={100}
                    value={name}
                    onInput={(e) => setName(e.currentTarget.value)}
                  />
                </Field>
                <Field label={t('field.birthday')} hint={t('field.birthday.hint')}>
                  <input
                    type="date"
                    autocomplete="bday"
                    value={birthday}
                    onInput={(e) => setBirthday(e.currentTarget.value)}
                  />
                </Field>
                <label class="check">
                  <input
                    type="checkbox"
                    required
                    checked={consent}
                    onChange={(e) => setConsent(e.currentTarget.checked)}
                  />
                  <span>{t('consent.label')}</span>
                </label>
                {link && (
                  <details class="consent">
                    <summary>{t('consent.more')}</summary>
                    <p>{link.consent[lang]}</p>
                  </details>
                )}
              </>
            )}
          </>
        ) : (
          <>
            <p>{t('join.codeSent', { phone })}</p>
            <Field label={t('field.code')}>
              <input
                autocomplete="one-time-code"
                inputMode="numeric"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
              />
            </Field>
          </>
        )}
        <ErrorLine text={error} />
        <button class="primary" type="submit" disabled={busy || !link}>
          {step === 'form' && !(mode === 'join' && code)
            ? t('join.getCode')
            : mode === 'join'
              ? t('join.submit')
              : t('signIn.submit')}
        </button>
        {step === 'code' && (
          <div class="row">
            <button type="button" class="link" disabled={busy} onClick={() => void sendCode()}>
              {t('join.resend')}
            </button>
            <button type="button" class="link" onClick={() => setStep('form')}>
              {t('join.changePhone')}
            </button>
          </div>
        )}
      </form>
      <button
        type="button"
        class="link switch"
        onClick={() => {
          setMode(mode === 'join' ? 'signIn' : 'join');
          setStep('form');
          setNotice(null);
          setError(null);
        }}
      >
        {mode === 'join' ? t('join.haveCard') : t('signIn.noCard')}
      </button>
    </main>
  );
}
