// A secret the server gives once (a till's key, a webhook's signing secret, an owner's set-up
// link): shown in full with a copy button and the warning that it cannot be shown again —
// Kopilka keeps only its hash (a key, a link) or keeps it sealed for signing (a webhook's
// secret) and never reads it back.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';

export function SecretOnce({
  value,
  label,
  title,
  warning,
  testId = 'secret',
}: {
  value: string;
  /** Above the value; absent, none (the warning says what it is). */
  label?: string;
  /** The warning's heading and what to do with it now; a till's key's by default. */
  title?: string;
  warning?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Stack gap="xs">
      <Alert color="yellow" title={title ?? t('venues.keyOnceTitle')}>
        {warning ?? t('venues.keyOnce')}
      </Alert>
      {label && (
        <Text size="sm" fw={600}>
          {label}
        </Text>
      )}
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block style={{ wordBreak: 'break-all', flex: 1 }} data-testid={testId}>
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
