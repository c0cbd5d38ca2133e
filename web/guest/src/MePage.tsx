// The guest's own page: the card to show at the till (and to add to Wallet), balances, level, operations, the venue's
// promotions, a promo code from a receipt and a review. Without a live session it is the
// sign-in form of the venue whose link the guest last used.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, dropSession, savedLink, savedSession } from './api.ts';
import { day, moment, points, roubles } from './format.ts';
import { useI18n } from './i18n/index.ts';
import { JoinPage } from './JoinPage.tsx';
import { PromoCodeForm, ReviewForm } from './forms.tsx';
import { ErrorLine, Header } from './ui.tsx';
import { WalletButton } from './WalletButton.tsx';

export interface Me {
  organization: string;
  guest: { first_name: string | null; phone: string | null };
  card: { number: string; qr_svg: string } | null;
  balances: { bonus: number; deposit: number };
  rank: { name: string | null; next: { name: string; left: number } | null } | null;
  wallet: { apple: boolean; google: boolean };
  operations: {
    id: number;
    type_name: { ru: string; en: string };
    occurred_at: string;
    account: string;
    amount: number;
    item: string | null;
  }[];
  promotions: { id: number; name: string; date_to: string | null }[];
  promo_codes: { code: string; valid_until: string; active: boolean }[];
  promo_code_lifetime_minutes: number;
  tips: { service_name: string; url: string; qr_svg: string } | null;
}

export function MePage() {
  const { lang, t } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [signedOut, setSignedOut] = useState(!savedSession());
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    call<Me>('GET', '/me')
      .then(setMe)
      .catch((e: ApiError) => (e.status === 401 ? setSignedOut(true) : setError(e.text(lang))));

  useEffect(() => {
    if (!signedOut) void load();
  }, [signedOut]);

  if (signedOut) {
    const link = savedLink();
    return link ? (
      <JoinPage token={link} mode="signIn" />
    ) : (
      <main class="page">
        <Header venue={null} />
        <p class="notice">{t('signIn.noLink')}</p>
      </main>
    );
  }
  if (!me)
    return (
      <main class="page">
        <Header venue={null} />
        <ErrorLine text={error} />
        {!error && <p class="lead">{t('loading')}</p>}
      </main>
    );

  const bonusAccount = (a: string) => /бонус|bonus/i.test(a);
  return (
    <main class="page">
      <Header venue={me.organization} />
      <section class="card loyalty-card" aria-label={t('me.card')}>
        <h1>{me.guest.first_name ?? t('me.card')}</h1>
        {me.card ? (
          <>
            <div class="qr" dangerouslySetInnerHTML={{ __html: me.card.qr_svg }} />
            <p class="number">{me.card.number}</p>
            <p class="hint">{t('me.cardHint')}</p>
            {me.wallet.apple && <WalletButton wallet="apple" />}
            {me.wallet.google && <WalletButton wallet="google" />}
          </>
        ) : (
          <p class="notice">{t('me.noCard')}</p>
        )}
      </section>
      <section class="balances">
        <div class="stat">
          <span class="label">{t('me.bonus')}</span>
          <strong data-testid="bonus">{points(me.balances.bonus, lang)}</strong>
        </div>
        <div class="stat">
          <span class="label">{t('me.deposit')}</span>
          <strong data-testid="deposit">{roubles(me.balances.deposit, lang)}</strong>
        </div>
      </section>
      {me.rank && (
        <section class="card">
          <h2>{t('me.rank')}</h2>
          <p>
            <strong>{me.rank.name ?? t('me.noRank')}</strong>
          </p>
          <p class="hint">
            {me.rank.next
              ? t('me.toNext', { name: me.rank.next.name, left: roubles(me.rank.next.left, lang) })
              : t('me.topRank')}
          </p>
        </section>
      )}
      <section class="card">
        <h2>{t('me.promotions')}</h2>
        {me.promotions.length === 0 ? (
          <p class="hint">{t('me.noPromotions')}</p>
        ) : (
          <ul class="list">
            {me.promotions.map((p) => (
              <li key={p.id}>
                <span>{p.name}</span>
                {p.date_to && (
                  <span class="hint">{t('me.until', { date: day(p.date_to, lang) })}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {me.tips && (
        <section class="card" aria-label={t('me.tips')}>
          <h2>{t('me.tips')}</h2>
          <p class="hint">{t('me.tipsHint', { service: me.tips.service_name })}</p>
          <div class="qr" dangerouslySetInnerHTML={{ __html: me.tips.qr_svg }} />
          <a class="primary tips-link" href={me.tips.url} target="_blank" rel="noopener noreferrer">
            {t('me.tipsLink')}
          </a>
        </section>
      )}
      <PromoCodeForm me={me} onEntered={load} />
      <section class="card">
        <h2>{t('me.operations')}</h2>
        {me.operations.length === 0 ? (
          <p class="hint">{t('me.noOperations')}</p>
        ) : (
          <ul class="list">
            {me.operations.map((o) => (
              <li key={o.id}>
                <span>
                  {o.type_name[lang]}
                  {o.item ? ` · ${o.item}` : ''}
                  <span class="hint block">{moment(o.occurred_at, lang)}</span>
                </span>
                <span class={o.amount < 0 ? 'minus' : 'plus'}>
                  {bonusAccount(o.account) ? points(o.amount, lang) : roubles(o.amount, lang)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ReviewForm />
      <button
        type="button"
        class="link switch"
        onClick={() => {
          void call('POST', '/me/sign-out').finally(() => {
            dropSession();
            setSignedOut(true);
          });
        }}
      >
        {t('me.signOut')}
      </button>
    </main>
  );
}
