// The state of something Kopilka sends on its own with retries (a letter, a webhook call):
// delivered and when, waiting and when the next attempt is, or dead — attempts used up — with
// the last refusal and «Отправить снова» for those who may.
import { Badge, Button, Stack, Text } from '@mantine/core';
import { useAuth } from '../app/auth.tsx';
import { dateTime } from '../app/format.ts';
import { useI18n } from '../i18n/index.tsx';

export type DeliveryState = 'pending' | 'delivered' | 'dead';
const COLOR: Record<DeliveryState, string> = { pending: 'yellow', delivered: 'teal', dead: 'red' };

export function DeliveryStatus(props: {
  status: DeliveryState;
  attempts: number;
  nextAt: string | null;
  deliveredAt: string | null;
  error: string | null;
  onRetry?: (() => void) | undefined;
  busy?: boolean;
}) {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const when = (iso: string | null) => dateTime(iso, timeZone, lang);
  return (
    <Stack gap={4} align="flex-start">
      <Badge color={COLOR[props.status]}>{t(`delivery.status.${props.status}`)}</Badge>
      <Text size="xs" c="dimmed">
        {props.status === 'delivered'
          ? t('delivery.deliveredAt', { at: when(props.deliveredAt), n: props.attempts })
          : props.status === 'pending'
            ? t('delivery.nextAt', { at: when(props.nextAt), n: props.attempts })
            : t('delivery.attempts', { n: props.attempts })}
      </Text>
      {props.error && props.status !== 'delivered' && (
        <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>
          {props.error}
        </Text>
      )}
      {props.status === 'dead' && props.onRetry && (
        <Button size="xs" variant="light" loading={props.busy} onClick={props.onRetry}>
          {t('delivery.retry')}
        </Button>
      )}
    </Stack>
  );
}
