// «Добавить в Apple Wallet»: asks the server for a short-lived link to the card's pass and opens
// it; the phone then offers to add the card. Shown only when the organization has set Wallet up.
import { call } from './api.ts';
import { useSubmit } from './forms.tsx';
import { useI18n } from './i18n/index.ts';
import { ErrorLine } from './ui.tsx';

export function WalletButton() {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const add = () =>
    submit(async () => {
      const { url } = await call<{ url: string }>('POST', '/me/wallet/apple');
      // The link is good for a few minutes only, so it is asked for at the tap, not with the page.
      window.location.assign(url);
    });
  return (
    <>
      <button type="button" class="wallet-add" disabled={busy} onClick={() => void add()}>
        {t('me.addToWallet')}
      </button>
      <ErrorLine text={error} />
    </>
  );
}
