// The e-tips link as guests meet it: the footer lines the receipt prints («Чаевые (CloudTips):»
// and the link on a line of its own), the QR code the till prints from it, and the link to
// open. The venue's link or any waiter's, and why the receipt does not carry it when it does not.
import { Alert, Anchor, Code, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { QrCode } from '../../ui/QrCode.tsx';
import type { VenueTips } from './EtipsTab.tsx';

export function TipsPreview(props: {
  tips: VenueTips;
  /** '' for the venue's own link, else a waiter's name. */
  of: string;
  onOf: (waiter: string) => void;
  /** The form differs from what is saved: the preview shows the saved link. */
  dirty: boolean;
}) {
  const { t } = useI18n();
  const { tips } = props;
  const waiter = tips.waiters.find((w) => w.waiter === props.of);
  const url = waiter?.url ?? tips.url;
  const why = !tips.enabled
    ? t('etips.why.disabled')
    : !tips.on_receipt
      ? t('etips.why.offReceipt')
      : null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="tips-preview">
      <Stack>
        <Title order={2} size="h4">
          {t('etips.preview')}
        </Title>
        {tips.waiters.length > 0 && (
          <Select
            label={t('etips.previewOf')}
            data={[
              { value: '', label: t('etips.previewVenue') },
              ...tips.waiters.map((w) => ({ value: w.waiter, label: w.waiter })),
            ]}
            value={props.of}
            onChange={(v) => props.onOf(v ?? '')}
            allowDeselect={false}
          />
        )}
        {why && (
          <Alert color="yellow" p="xs">
            {t('etips.notPrinted', { why })}
          </Alert>
        )}
        <Group align="flex-start" gap="md" wrap="wrap">
          <QrCode value={url} label={t('etips.qrOf', { url })} />
          <Stack gap={4} style={{ flex: '1 1 220px', minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {t('etips.receiptLines')}
            </Text>
            <Code block data-testid="receipt-lines" style={{ wordBreak: 'break-all' }}>
              {`${t('etips.receiptTitle', { service: tips.service_name })}\n${url}`}
            </Code>
            <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm">
              {url}
            </Anchor>
          </Stack>
        </Group>
        {props.dirty && (
          <Text size="xs" c="dimmed">
            {t('etips.savedLinkNote')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
