// The state of something Kopilka sends on its own with retries (a letter, a webhook call):
// delivered and when, waiting and when the next attempt is, or dead — attempts used up — with
// the last refusal and «Отправить снова» for those who may; and the filter of a log by state.
import { Badge, Button, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useAuth } from '../app/auth.tsx';
import { dateTime } from '../app/format.ts';
import { useI18n } from '../i18n/index.tsx';

export type DeliveryState = 'pending' | 'delivered' | 'dead';
export type DeliveryFilterValue = 'all' | DeliveryState;
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

/** Все / В очереди / Доставлены / Не доставлены. */
export function DeliveryFilter(props: {
  value: DeliveryFilterValue;
  onChange: (value: DeliveryFilterValue) => void;
}) {
  const { t } = useI18n();
  // Four labels fit a phone's width only in the small size.
  const phone = useMediaQuery('(max-width: 40em)');
  return (
    <SegmentedControl
      size={phone ? 'xs' : 'sm'}
      value={props.value}
      onChange={(v) => props.onChange(v as DeliveryFilterValue)}
      data={(['all', 'pending', 'delivered', 'dead'] as const).map((v) => ({
        value: v,
        label: t(`delivery.filter.${v}`),
      }))}
      w={{ base: '100%', xs: 'auto' }}
      style={{ alignSelf: 'flex-start' }}
    />
  );
}
