// Google Wallet: the issuer id, the service account's JSON key file, the card's colour and the
// address of its logo; what is stored (never the key) and how the card's class fared at Google.
import { useEffect, useState } from 'react';
import { Alert, ColorInput, FileInput, TextInput } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import { Fact, fileText, useWalletSetup, WalletPanel } from './WalletSetup.tsx';

interface GoogleSetup {
  issuer_id: string;
  client_email: string;
  private_key_id: string;
  background_color: string;
  logo_url: string;
  updated_at: string;
  class_update: {
    status: 'pending' | 'sent' | 'dead';
    attempts: number;
    last_error: string | null;
  } | null;
}
const FIELDS = ['issuer_id', 'service_account_key', 'background_color', 'logo_url'];

export function GoogleWallet() {
  const { t } = useI18n();
  const setup = useWalletSetup<GoogleSetup>(
    () => api.GET('/api/admin/v1/wallet/google'),
    () => api.DELETE('/api/admin/v1/wallet/google'),
  );
  const s = setup.stored.data;
  const [issuer, setIssuer] = useState('');
  const [keyFile, setKeyFile] = useState<File | null>(null);
  const [color, setColor] = useState('');
  const [logoUrl, setLogoUrl] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useSubmit();
  const reset = () => {
    save.reset();
    setKeyFile(null);
    setIssuer(s?.issuer_id ?? '');
    setColor(s?.background_color ?? '#1f3a5f');
    setLogoUrl(s?.logo_url ?? '');
  };
  useEffect(reset, [s]);
  const onSave = async () => {
    setSaved(false);
    setup.setDeleted(false);
    const answer = await save.submit(async () =>
      unwrap(
        api.PUT('/api/admin/v1/wallet/google', {
          body: {
            issuer_id: issuer.trim(),
            service_account_key: await fileText(keyFile),
            background_color: color,
            logo_url: logoUrl.trim(),
          },
        }),
      ),
    );
    if (answer) {
      setSaved(true);
      setup.stored.reload();
    }
  };
  const c = s?.class_update;
  const classLine =
    c &&
    (c.status === 'sent'
      ? t('wallet.google.class.sent')
      : c.status === 'dead'
        ? t('wallet.google.class.dead', { error: c.last_error ?? '' })
        : c.last_error
          ? t('wallet.google.class.retrying', { error: c.last_error })
          : t('wallet.google.class.pending'));
  return (
    <WalletPanel
      title="wallet.google"
      help="wallet.google.help"
      testId="wallet-google"
      setup={setup}
      facts={
        s && (
          <>
            <Fact label={t('wallet.google.issuer')}>{s.issuer_id}</Fact>
            <Fact label={t('wallet.google.account')}>{s.client_email}</Fact>
            {classLine && (
              <Alert
                color={c?.status === 'sent' ? 'green' : c?.status === 'dead' ? 'red' : 'yellow'}
                p="xs"
              >
                {classLine}
              </Alert>
            )}
          </>
        )
      }
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSave();
        }}
      >
        <TextInput
          label={t('wallet.google.issuer')}
          required
          inputMode="numeric"
          value={issuer}
          onChange={(e) => setIssuer(e.currentTarget.value)}
          error={save.fieldError('issuer_id')}
          maw={560}
          mb="sm"
        />
        <FileInput
          label={t(s ? 'wallet.replace' : 'wallet.google.keyFile')}
          description={s ? t('wallet.google.keyFile') : undefined}
          required
          accept="application/json,.json"
          clearable
          value={keyFile}
          onChange={setKeyFile}
          error={save.fieldError('service_account_key')}
          maw={560}
          mb="sm"
        />
        <ColorInput
          label={t('wallet.background')}
          format="hex"
          value={color}
          onChange={setColor}
          error={save.fieldError('background_color')}
          maw={240}
          mb="sm"
        />
        <TextInput
          label={t('wallet.google.logoUrl')}
          description={t('wallet.google.logoUrl.help')}
          required
          type="url"
          value={logoUrl}
          onChange={(e) => setLogoUrl(e.currentTarget.value)}
          error={save.fieldError('logo_url')}
          maw={560}
          mb="sm"
        />
        {saved && (
          <Alert color="green" p="xs" role="status" mb="sm">
            {t('form.saved')}
          </Alert>
        )}
        <FormActions general={save.formError(FIELDS)} busy={save.busy} onCancel={reset} />
      </form>
    </WalletPanel>
  );
}
