// The guest's cards: every status, validity, the payer link, block (a reason required) and
// unblock for roles with guests.write.
import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Textarea } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { date } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import type { CardRow } from './types.ts';

const STATUS_COLOR: Record<string, string> = {
  active: 'teal',
  blocked: 'red',
  expired: 'gray',
  deleted: 'gray',
  manager_confirmation: 'yellow',
  seize: 'orange',
};

export function CardsPanel({ cards, onChange }: { cards: CardRow[]; onChange: () => void }) {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const [blocking, setBlocking] = useState<CardRow | null>(null);
  const { submit, busy, formError } = useSubmit();
  const numberOf = (id: number | null | undefined) =>
    id ? (cards.find((c) => c.id === id)?.number ?? `#${id}`) : '—';

  const setStatus = async (card: CardRow, status: 'active' | 'blocked', reason?: string) => {
    const ok = await submit(() =>
      unwrap(
        api.POST('/api/admin/v1/cards/{id}/status', {
          params: { path: { id: String(card.id) } },
          body: { status, ...(reason ? { reason } : {}) },
        }),
      ),
    );
    if (ok !== undefined) {
      setBlocking(null);
      onChange();
    }
  };

  return (
    <>
      {!blocking && formError([]) && (
        <Alert color="red" role="alert">
          {formError([])}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('card.number')}</Table.Th>
              <Table.Th>UID</Table.Th>
              <Table.Th>{t('card.status')}</Table.Th>
              <Table.Th>{t('card.validity')}</Table.Th>
              <Table.Th>{t('card.payer')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cards.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.number}</Table.Td>
                <Table.Td>{c.uid ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[c.status] ?? 'gray'} variant="light">
                    {t(`card.status.${c.status}` as MessageKey)}
                  </Badge>
                  {c.block_reason && <div>{c.block_reason}</div>}
                </Table.Td>
                <Table.Td>
                  {c.valid_from || c.valid_until
                    ? `${date(c.valid_from, timeZone, lang)} — ${date(c.valid_until, timeZone, lang)}`
                    : t('card.noLimit')}
                </Table.Td>
                <Table.Td>{numberOf(c.payer_card_id)}</Table.Td>
                <Table.Td>
                  {can('guests.write') && c.status === 'active' && (
                    <Button size="xs" variant="light" color="red" onClick={() => setBlocking(c)}>
                      {t('card.block')}
                    </Button>
                  )}
                  {can('guests.write') && c.status === 'blocked' && (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => setStatus(c, 'active')}
                      loading={busy}
                    >
                      {t('card.unblock')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <BlockModal
        card={blocking}
        busy={busy}
        error={formError([])}
        onClose={() => setBlocking(null)}
        onBlock={(reason) => blocking && setStatus(blocking, 'blocked', reason)}
      />
    </>
  );
}

function BlockModal(props: {
  card: CardRow | null;
  busy: boolean;
  error: string | undefined;
  onClose: () => void;
  onBlock: (reason: string) => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = touched && !reason.trim();
  return (
    <Modal
      opened={props.card !== null}
      onClose={props.onClose}
      title={t('card.blockTitle', { number: props.card?.number ?? '' })}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (reason.trim()) props.onBlock(reason.trim());
        }}
      >
        <Stack>
          <Textarea
            label={t('card.blockReason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={missing ? t('form.required') : props.error}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" color="red" loading={props.busy}>
              {t('card.block')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
