// A secret the server gives once (a till's key, a webhook's signing secret): shown in full with a copy button and the
// warning that it cannot be shown again — Kopilka keeps only its hash.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';

export function SecretOnce({
  value,
  label,
  warning,
}: {
  value: string;
  label: string;
  /** What to do with it now; a till's key by default. */
  warning?: string;
}) {
  const { t } = useI18n();
  return (
    <Stack gap="xs">
      <Alert color="yellow" title={t('venues.keyOnceTitle')}>
        {warning ?? t('venues.keyOnce')}
      </Alert>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block style={{ wordBreak: 'break-all', flex: 1 }} data-testid="secret">
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'filled' : 'light'}
              color={copied ? 'teal' : undefined}
              onClick={copy}
            >
              {t(copied ? 'venues.copied' : 'venues.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
