// The guest's accounts: the deposit's scheme, fiscal mode and credit limit, balances, and a
// manual adjustment (signed amount, reason required) for roles with balances.adjust.
import { useState } from 'react';
import { Button, Modal, Stack, Table, TextInput, Textarea } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { money, parseMoney, points } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { MAX_AMOUNT } from '../../ui/amounts.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import type { Account } from './types.ts';

export const amountOf = (a: Pick<Account, 'kind'>, v: number) =>
  a.kind === 'bonus' ? points(v) : money(v);

export function AccountsPanel({
  accounts,
  onChange,
}: {
  accounts: Account[];
  onChange: () => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [adjusting, setAdjusting] = useState<Account | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('account.name')}</Table.Th>
              <Table.Th>{t('account.scheme')}</Table.Th>
              <Table.Th>{t('account.creditLimit')}</Table.Th>
              <Table.Th ta="right">{t('account.balance')}</Table.Th>
              <Table.Th ta="right">{t('account.held')}</Table.Th>
              <Table.Th ta="right">{t('account.available')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td>
                  {a.kind === 'deposit'
                    ? `${t(`account.scheme.${a.scheme}` as MessageKey)}, ${t(`account.fiscal.${a.fiscal_mode}` as MessageKey)}`
                    : t('account.bonus')}
                </Table.Td>
                <Table.Td>{a.kind === 'deposit' ? money(a.credit_limit) : '—'}</Table.Td>
                <Table.Td ta="right">{amountOf(a, a.balance)}</Table.Td>
                <Table.Td ta="right">{amountOf(a, a.held)}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {amountOf(a, a.available)}
                </Table.Td>
                <Table.Td>
                  {can('balances.adjust') && (
                    <Button size="xs" variant="light" onClick={() => setAdjusting(a)}>
                      {t('account.adjust')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {adjusting && (
        <AdjustModal
          account={adjusting}
          onClose={() => setAdjusting(null)}
          onDone={() => {
            setAdjusting(null);
            onChange();
          }}
        />
      )}
    </>
  );
}

function AdjustModal(props: { account: Account; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const { submit, busy, fieldError, formError } = useSubmit();
  const kopecks = parseMoney(amount);
  const tooLarge = kopecks !== null && Math.abs(kopecks) > MAX_AMOUNT;
  const amountError = !checked
    ? undefined
    : kopecks === null || kopecks === 0
      ? t('account.amountInvalid')
      : tooLarge
        ? t('account.amountMax', { max: amountOf(props.account, MAX_AMOUNT) })
        : undefined;
  const reasonError = checked && !reason.trim() ? t('form.required') : undefined;

  const save = async () => {
    setChecked(true);
    if (kopecks === null || kopecks === 0 || tooLarge || !reason.trim()) return;
    const ok = await submit(() =>
      unwrap(
        api.POST('/api/admin/v1/accounts/{id}/adjustments', {
          params: { path: { id: String(props.account.id) } },
          body: { amount: kopecks, reason: reason.trim() },
        }),
      ),
    );
    if (ok !== undefined) props.onDone();
  };
  const general = formError(['amount', 'reason']);
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('account.adjustTitle', { name: props.account.name })}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput
            label={t(props.account.kind === 'bonus' ? 'account.amountPoints' : 'account.amount')}
            description={t('account.amountHint')}
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={amountError ?? fieldError('amount')}
            inputMode="decimal"
            required
            data-autofocus
          />
          <Textarea
            label={t('account.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError ?? fieldError('reason')}
            required
            autosize
            minRows={2}
          />
          <FormActions general={general} busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
