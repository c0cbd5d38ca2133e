// Apple Wallet: the Pass Type ID certificate, its private key (with its passphrase, if any) and
// Apple's WWDR certificate as PEM files, the pass's colours and logo; what is stored, never the key.
import { useEffect, useState } from 'react';
import { Alert, ColorInput, FileInput, PasswordInput, SimpleGrid, Text } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { date } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import { Fact, fileBase64, fileText, useWalletSetup, WalletPanel } from './WalletSetup.tsx';

interface AppleSetup {
  pass_type_id: string;
  team_id: string;
  certificate_expires_at: string;
  background_color: string;
  foreground_color: string;
  label_color: string;
  updated_at: string;
}
const FILES = ['certificate_pem', 'key_pem', 'wwdr_pem', 'logo_png'] as const;
type FileField = (typeof FILES)[number];
const FILE_LABEL: Record<FileField, MessageKey> = {
  certificate_pem: 'wallet.apple.certificate',
  key_pem: 'wallet.apple.key',
  wwdr_pem: 'wallet.apple.wwdr',
  logo_png: 'wallet.apple.logo',
};
const COLORS = ['background_color', 'foreground_color', 'label_color'] as const;
type ColorField = (typeof COLORS)[number];
const COLOR_LABEL: Record<ColorField, MessageKey> = {
  background_color: 'wallet.background',
  foreground_color: 'wallet.apple.foreground',
  label_color: 'wallet.apple.label',
};
const DEFAULT_COLORS: Record<ColorField, string> = {
  background_color: '#7a1f2b',
  foreground_color: '#ffffff',
  label_color: '#f3d9a4',
};
const NO_FILES: Record<FileField, File | null> = {
  certificate_pem: null,
  key_pem: null,
  wwdr_pem: null,
  logo_png: null,
};

export function AppleWallet() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const setup = useWalletSetup<AppleSetup>(
    () => api.GET('/api/admin/v1/wallet/apple'),
    () => api.DELETE('/api/admin/v1/wallet/apple'),
  );
  const s = setup.stored.data;
  const [files, setFiles] = useState(NO_FILES);
  const [passphrase, setPassphrase] = useState('');
  const [colors, setColors] = useState(DEFAULT_COLORS);
  const [saved, setSaved] = useState(false);
  const save = useSubmit();
  const reset = () => {
    save.reset();
    setFiles(NO_FILES);
    setPassphrase('');
    setColors(s ? { ...DEFAULT_COLORS, ...pick(s) } : DEFAULT_COLORS);
  };
  useEffect(reset, [s]);
  const onSave = async () => {
    setSaved(false);
    setup.setDeleted(false);
    const answer = await save.submit(async () =>
      unwrap(
        api.PUT('/api/admin/v1/wallet/apple', {
          body: {
            certificate_pem: await fileText(files.certificate_pem),
            key_pem: await fileText(files.key_pem),
            ...(passphrase ? { key_passphrase: passphrase } : {}),
            wwdr_pem: await fileText(files.wwdr_pem),
            ...colors,
            logo_png: await fileBase64(files.logo_png),
          },
        }),
      ),
    );
    if (answer) {
      setSaved(true);
      setup.stored.reload();
    }
  };
  return (
    <WalletPanel
      title="wallet.apple"
      help="wallet.apple.help"
      testId="wallet-apple"
      setup={setup}
      facts={
        s && (
          <>
            <Fact label={t('wallet.apple.passType')}>{s.pass_type_id}</Fact>
            <Fact label={t('wallet.apple.team')}>{s.team_id}</Fact>
            <Text size="sm">
              {t('wallet.apple.expires', {
                at: date(s.certificate_expires_at, timeZone, lang),
              })}
            </Text>
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
        <SimpleGrid cols={{ base: 1, sm: 2 }} mb="sm">
          {FILES.map((f) => (
            <FileInput
              key={f}
              label={t(FILE_LABEL[f])}
              required
              clearable
              accept={f === 'logo_png' ? 'image/png' : '.pem,.crt,.cer,.key'}
              value={files[f]}
              onChange={(file) => setFiles((x) => ({ ...x, [f]: file }))}
              error={save.fieldError(f)}
            />
          ))}
          <PasswordInput
            label={t('wallet.apple.passphrase')}
            description={t('wallet.apple.passphrase.help')}
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            error={save.fieldError('key_passphrase')}
            autoComplete="off"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="sm">
          {COLORS.map((c) => (
            <ColorInput
              key={c}
              label={t(COLOR_LABEL[c])}
              format="hex"
              value={colors[c]}
              onChange={(v) => setColors((x) => ({ ...x, [c]: v }))}
              error={save.fieldError(c)}
            />
          ))}
        </SimpleGrid>
        {saved && (
          <Alert color="green" p="xs" role="status" mb="sm">
            {t('form.saved')}
          </Alert>
        )}
        <FormActions
          general={save.formError([...FILES, ...COLORS, 'key_passphrase'])}
          busy={save.busy}
          onCancel={reset}
        />
      </form>
    </WalletPanel>
  );
}

const pick = (s: AppleSetup): Record<ColorField, string> => ({
  background_color: s.background_color,
  foreground_color: s.foreground_color,
  label_color: s.label_color,
});
