// Wallet: the guest's card in the phone — the Apple Wallet and Google Wallet set-ups, each with
// its state, what is stored (never a key), upload and delete.
import { Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { AppleWallet } from './AppleWallet.tsx';
import { GoogleWallet } from './GoogleWallet.tsx';

export function WalletTab() {
  const { t } = useI18n();
  return (
    <Stack>
      <Text c="dimmed" maw={760}>
        {t('wallet.intro')}
      </Text>
      <AppleWallet />
      <GoogleWallet />
    </Stack>
  );
}
