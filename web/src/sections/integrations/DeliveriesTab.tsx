// Доставки: every event sent to a webhook, newest first, a page at a time — when it happened,
// which event, to which address, its state (queued with the next attempt, delivered, or dead
// with the receiver's last answer) and «Ответы получателя» with every attempt. A dead delivery
// is sent again with «Отправить снова» by who may change integrations.
import { useState } from 'react';
import { Alert, Button, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import {
  DeliveryFilter,
  DeliveryStatus,
  type DeliveryFilterValue,
} from '../../ui/DeliveryStatus.tsx';
import { LoadError } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { usePaged } from '../../ui/usePaged.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { AttemptsDialog } from './AttemptsDialog.tsx';
import { eventLabel, type Delivery } from './types.ts';
import { loadWebhooks } from './WebhooksTab.tsx';

export function DeliveriesTab() {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const phone = useMediaQuery('(max-width: 40em)');
  const [filter, setFilter] = useState<DeliveryFilterValue>('all');
  const [hook, setHook] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [open, setOpen] = useState<Delivery | null>(null);
  const hooks = useLoad(loadWebhooks, []);
  const retry = useSubmit();
  const deliveries = usePaged<Delivery>(
    (cursor) =>
      unwrap(
        api.GET('/api/admin/v1/webhook-deliveries', {
          params: {
            query: {
              limit: '50',
              ...(filter === 'all' ? {} : { status: filter }),
              ...(hook ? { subscription_id: hook } : {}),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
    [filter, hook, round],
  );
  const urlOf = (id: number) => hooks.data?.find((h) => h.id === id)?.url ?? `#${id}`;
  const again = async (id: number) => {
    const ok = await retry.submit(() =>
      unwrap(
        api.POST('/api/admin/v1/webhook-deliveries/{id}/retry', {
          params: { path: { id: String(id) } },
        }),
      ),
    );
    if (ok !== undefined) setRound((n) => n + 1);
  };
  /** The receiver's last answer in words: its HTTP status, else why there was none. */
  const lastAnswer = (d: Delivery) =>
    d.status === 'delivered'
      ? null
      : d.last_status !== null
        ? t('hooks.answered', { status: d.last_status })
        : d.last_error;

  return (
    <Stack>
      <Text c="dimmed" maw={760}>
        {t('hooks.deliveries.help')}
      </Text>
      <DeliveryFilter value={filter} onChange={setFilter} />
      <Select
        label={t('hooks.subscription')}
        placeholder={t('hooks.allSubscriptions')}
        data={(hooks.data ?? []).map((h) => ({ value: String(h.id), label: h.url }))}
        value={hook}
        onChange={setHook}
        clearable
        w={{ base: '100%', xs: 360 }}
      />
      {retry.formError([]) && (
        <Alert color="red" role="alert">
          {retry.formError([])}
        </Alert>
      )}
      {deliveries.error ? <LoadError error={deliveries.error} /> : null}
      {!deliveries.loading && !deliveries.error && deliveries.rows.length === 0 && (
        <Text c="dimmed">{t('hooks.deliveries.none')}</Text>
      )}
      {deliveries.rows.length > 0 && (
        <Table.ScrollContainer minWidth={phone ? 0 : 860}>
          <Table striped data-testid="deliveries" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                {!phone && <Table.Th>{t('notify.letters.when')}</Table.Th>}
                <Table.Th>{t('hooks.deliveries.event')}</Table.Th>
                {!phone && <Table.Th>{t('hooks.url')}</Table.Th>}
                <Table.Th>{t('delivery.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.rows.map((d) => (
                <Table.Tr key={d.id} data-testid="delivery">
                  {!phone && (
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {dateTime(d.occurred_at, timeZone, lang)}
                    </Table.Td>
                  )}
                  {/* On a phone the moment and the address go under the event. */}
                  <Table.Td>
                    {phone && <Text size="xs">{dateTime(d.occurred_at, timeZone, lang)}</Text>}
                    <Text size="sm">{eventLabel(t, d.event_type)}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {d.event_type}
                    </Text>
                    {phone && (
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {urlOf(d.subscription_id)}
                      </Text>
                    )}
                  </Table.Td>
                  {!phone && (
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      <Text size="sm" ff="monospace">
                        {urlOf(d.subscription_id)}
                      </Text>
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <DeliveryStatus
                        status={d.status}
                        attempts={d.attempts}
                        nextAt={d.next_attempt_at}
                        deliveredAt={d.delivered_at}
                        error={lastAnswer(d)}
                        onRetry={can('integration.write') ? () => void again(d.id) : undefined}
                        busy={retry.busy}
                      />
                      {/* The attempts stay in the log when a retry starts the count again. */}
                      {d.last_attempt_at !== null && (
                        <Button size="xs" variant="subtle" px={0} onClick={() => setOpen(d)}>
                          {t('hooks.attempts')}
                        </Button>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {deliveries.more && (
        <Button
          variant="default"
          loading={deliveries.loading}
          onClick={() => void deliveries.more?.()}
        >
          {t('list.more')}
        </Button>
      )}
      {open && (
        <AttemptsDialog
          delivery={open}
          url={urlOf(open.subscription_id)}
          onClose={() => setOpen(null)}
        />
      )}
    </Stack>
  );
}
