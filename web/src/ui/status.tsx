// Small shared states: loading, a load failure with retry, not found / forbidden.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <Center p="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-label={t('app.loading')} />
    </Center>
  );
}

export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" role="alert" title={t('app.error', { message })}>
      {retry && (
        <Button size="xs" variant="light" onClick={retry}>
          {t('app.retry')}
        </Button>
      )}
    </Alert>
  );
}

export function Notice({ kind }: { kind: 'notFound' | 'forbidden' }) {
  const { t } = useI18n();
  return (
    <Stack p="xl" align="center">
      <Text c="dimmed">{t(kind === 'notFound' ? 'app.notFound' : 'app.forbidden')}</Text>
    </Stack>
  );
}
