// Журнал писем: every letter the organization sent or is sending — when, what, to whom, its
// state and attempts, the mail server's last refusal — newest first, a page at a time; a letter
// whose attempts are used up can be sent again.
import { useState } from 'react';
import { Alert, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import {
  DeliveryFilter,
  DeliveryStatus,
  type DeliveryFilterValue,
  type DeliveryState,
} from '../../ui/DeliveryStatus.tsx';
import { usePaged } from '../../ui/usePaged.ts';
import { useSubmit } from '../../ui/useSubmit.ts';

interface Letter {
  id: number;
  kind: string;
  to: string;
  subject: string;
  status: DeliveryState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export function LettersTab() {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const phone = useMediaQuery('(max-width: 40em)');
  const [filter, setFilter] = useState<DeliveryFilterValue>('all');
  const [round, setRound] = useState(0);
  const retry = useSubmit();
  const letters = usePaged<Letter>(
    (cursor) =>
      unwrap(
        api.GET('/api/admin/v1/email-deliveries', {
          params: {
            query: {
              limit: '50',
              ...(filter === 'all' ? {} : { status: filter }),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
    [filter, round],
  );
  const again = async (id: number) => {
    const ok = await retry.submit(() =>
      unwrap(
        api.POST('/api/admin/v1/email-deliveries/{id}/retry', {
          params: { path: { id: String(id) } },
        }),
      ),
    );
    if (ok !== undefined) setRound((n) => n + 1);
  };
  const kind = (k: string) => {
    const key = `notify.kind.${k}` as MessageKey;
    const text = t(key);
    return text === key ? k : text;
  };
  return (
    <Stack>
      <Text c="dimmed" maw={760}>
        {t('notify.letters.help')}
      </Text>
      <DeliveryFilter value={filter} onChange={setFilter} />
      {retry.formError([]) && (
        <Alert color="red" role="alert">
          {retry.formError([])}
        </Alert>
      )}
      {letters.error ? <LoadError error={letters.error} /> : null}
      {!letters.loading && !letters.error && letters.rows.length === 0 && (
        <Text c="dimmed">{t('notify.letters.none')}</Text>
      )}
      {letters.rows.length > 0 && (
        <Table.ScrollContainer minWidth={phone ? 0 : 860}>
          <Table striped data-testid="letters" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('notify.letters.when')}</Table.Th>
                <Table.Th>{t('notify.letters.what')}</Table.Th>
                {!phone && <Table.Th>{t('notify.letters.to')}</Table.Th>}
                <Table.Th>{t('delivery.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {letters.rows.map((l) => (
                <Table.Tr key={l.id} data-testid="letter">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {dateTime(l.created_at, timeZone, lang)}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray" mb={4}>
                      {kind(l.kind)}
                    </Badge>
                    <Text size="sm">{l.subject}</Text>
                    {phone && (
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {l.to}
                      </Text>
                    )}
                  </Table.Td>
                  {!phone && <Table.Td style={{ wordBreak: 'break-all' }}>{l.to}</Table.Td>}
                  <Table.Td>
                    <DeliveryStatus
                      status={l.status}
                      attempts={l.attempts}
                      nextAt={l.next_attempt_at}
                      deliveredAt={l.delivered_at}
                      error={l.last_error}
                      onRetry={can('org.write') ? () => void again(l.id) : undefined}
                      busy={retry.busy}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {letters.more && (
        <Button variant="default" loading={letters.loading} onClick={() => void letters.more?.()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}
