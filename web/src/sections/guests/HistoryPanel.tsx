// The guest's operation history with the columns restaurant staff know from their current
// system: type, date, account, amount, item, payment, point of service, operator, payer and
// their card, recipient and their card, soft offline. Newest first, a page at a time.
import { Button, Checkbox, Table, Text } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime, money, points } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';
import type { Account, HistoryRow, Page } from './types.ts';

const COLUMNS: MessageKey[] = [
  'history.type',
  'history.date',
  'history.account',
  'history.amount',
  'history.item',
  'history.payment',
  'history.pos',
  'history.operator',
  'history.payer',
  'history.payerCard',
  'history.recipient',
  'history.recipientCard',
  'history.softOffline',
];

export function HistoryPanel({
  guestId,
  accounts,
  version,
}: {
  guestId: number;
  accounts: Account[];
  version: number;
}) {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const { rows, more, loading, error } = usePaged(
    (cursor?: string) =>
      unwrap<Page<HistoryRow & { account_id?: number }>>(
        api.GET('/api/admin/v1/guests/{id}/history', {
          params: {
            path: { id: String(guestId) },
            query: { limit: '50', ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
    [guestId, version],
  );

  const kindOf = (r: HistoryRow & { account_id?: number }) =>
    accounts.find((a) => a.id === r.account_id)?.kind ?? 'deposit';
  const amount = (r: HistoryRow, v: number | null) =>
    v === null ? '—' : kindOf(r) === 'bonus' ? points(v) : money(v);

  return (
    <>
      {error !== null && <LoadError error={error} />}
      <Table.ScrollContainer minWidth={1100}>
        <Table striped fz="sm" data-testid="history" aria-busy={loading}>
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((c) => (
                <Table.Th key={c}>{t(c)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td title={r.type_name[lang]}>{r.type}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {dateTime(r.occurred_at, timeZone, lang)}
                </Table.Td>
                <Table.Td>{r.account}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {amount(r, r.amount)}
                </Table.Td>
                <Table.Td>{r.item ?? ''}</Table.Td>
                <Table.Td ta="right">{r.payment === null ? '' : amount(r, r.payment)}</Table.Td>
                <Table.Td>{r.point_of_service ?? ''}</Table.Td>
                <Table.Td>{r.operator ?? ''}</Table.Td>
                <Table.Td>{r.payer ?? ''}</Table.Td>
                <Table.Td>{r.payer_card ?? ''}</Table.Td>
                <Table.Td>{r.recipient ?? ''}</Table.Td>
                <Table.Td>{r.recipient_card ?? ''}</Table.Td>
                <Table.Td>
                  <Checkbox
                    checked={r.soft_offline}
                    readOnly
                    aria-label={t('history.softOffline')}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!loading && rows.length === 0 && <Text c="dimmed">{t('list.empty')}</Text>}
      {more && (
        <Button variant="default" onClick={more} loading={loading} w="fit-content">
          {t('list.more')}
        </Button>
      )}
    </>
  );
}
