// «Добавить в Apple Wallet» / «Добавить в Google Wallet»: asks the server for the link and opens
// it; the phone then offers to add the card. Shown only for a Wallet the organization has set up.
import { call } from './api.ts';
import { useSubmit } from './forms.tsx';
import { useI18n } from './i18n/index.ts';
import { ErrorLine } from './ui.tsx';

const LABEL = { apple: 'me.addToWallet', google: 'me.addToGoogleWallet' } as const;

export function WalletButton({ wallet }: { wallet: 'apple' | 'google' }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const add = () =>
    submit(async () => {
      const { url } = await call<{ url: string }>('POST', `/me/wallet/${wallet}`);
      // Asked for at the tap, not with the page: Apple's link is good for a few minutes only,
      // and Google's carries the balances of the moment it is signed.
      window.location.assign(url);
    });
  return (
    <>
      <button type="button" class="wallet-add" disabled={busy} onClick={() => void add()}>
        {t(LABEL[wallet])}
      </button>
      <ErrorLine text={error} />
    </>
  );
}
