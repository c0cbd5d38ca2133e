// Ранги: the ladder of ranks by spend over the rank period — each with its accrual and
// discount; add, change, delete (a rank a promotion names cannot be deleted: the server says
// which promotions). The whole ladder is checked on every save, so the server's reasons name
// this rank's fields.
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { money } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { MoneyInput, PercentInput } from '../../ui/amounts.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { percent, type Rank } from './model.ts';

export function RanksTab() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const ranks = useLoad(() => unwrap<{ rows: Rank[] }>(api.GET('/api/admin/v1/program/ranks')), []);
  const [editing, setEditing] = useState<Rank | 'new' | null>(null);
  const removal = useSubmit();
  const writable = can('program.write');
  const remove = async (r: Rank) => {
    if (!window.confirm(t('ranks.confirmDelete', { name: r.name }))) return;
    const ok = await removal.submit(() =>
      unwrap(api.DELETE('/api/admin/v1/program/ranks/{id}', { params: { path: { id: r.id } } })),
    );
    if (ok !== undefined) ranks.reload();
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" maw={720}>
          {t('ranks.help')}
        </Text>
        {writable && <Button onClick={() => setEditing('new')}>{t('ranks.add')}</Button>}
      </Group>
      {removal.formError([]) && (
        <Alert color="red" role="alert">
          {removal.formError([])}
        </Alert>
      )}
      {ranks.error !== undefined && <LoadError error={ranks.error} retry={ranks.reload} />}
      {!ranks.data && ranks.loading && <Loading />}
      {ranks.data && ranks.data.rows.length === 0 && <Text c="dimmed">{t('ranks.none')}</Text>}
      {ranks.data && ranks.data.rows.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ranks.name')}</Table.Th>
                <Table.Th ta="right">{t('ranks.threshold')}</Table.Th>
                <Table.Th ta="right">{t('ranks.accrual')}</Table.Th>
                <Table.Th ta="right">{t('ranks.discount')}</Table.Th>
                {writable && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ranks.data.rows.map((r) => (
                <Table.Tr key={r.id} data-testid="rank-row">
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td ta="right">{money(r.threshold)}</Table.Td>
                  <Table.Td ta="right">{percent(r.accrualBp, lang)}</Table.Td>
                  <Table.Td ta="right">{r.discountBp ? percent(r.discountBp, lang) : '—'}</Table.Td>
                  {writable && (
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="default" onClick={() => setEditing(r)}>
                          {t('list.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          onClick={() => void remove(r)}
                        >
                          {t('list.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <RankForm
          rank={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            ranks.reload();
          }}
        />
      )}
    </Stack>
  );
}

function RankForm(props: { rank: Rank | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<{
    name: string;
    threshold: number | null;
    accrualBp: number | null;
    discountBp: number | null;
  }>({
    name: props.rank?.name ?? '',
    threshold: props.rank?.threshold ?? null,
    accrualBp: props.rank?.accrualBp ?? null,
    discountBp: props.rank?.discountBp ?? 0,
  });
  const { submit, busy, fieldError, formError } = useSubmit();
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const save = async () => {
    const body = {
      name: form.name,
      threshold: form.threshold ?? 0,
      accrualBp: form.accrualBp ?? 0,
      discountBp: form.discountBp ?? 0,
    };
    const id = props.rank?.id;
    const ok = await submit(() =>
      unwrap(
        id
          ? api.PUT('/api/admin/v1/program/ranks/{id}', { params: { path: { id } }, body })
          : api.POST('/api/admin/v1/program/ranks', { body }),
      ),
    );
    if (ok !== undefined) props.onDone();
  };
  const fields = ['name', 'threshold', 'accrualBp', 'discountBp'] as const;
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.rank ? t('ranks.editTitle', { name: props.rank.name }) : t('ranks.add')}
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
            label={t('ranks.name')}
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={fieldError('name')}
            data-autofocus
          />
          <MoneyInput
            label={t('ranks.threshold')}
            description={t('ranks.threshold.help')}
            value={form.threshold}
            onChange={(v) => set('threshold', v)}
            error={fieldError('threshold')}
          />
          <PercentInput
            label={t('ranks.accrual')}
            description={t('ranks.accrual.help')}
            value={form.accrualBp}
            onChange={(v) => set('accrualBp', v)}
            error={fieldError('accrualBp')}
          />
          <PercentInput
            label={t('ranks.discount')}
            description={t('ranks.discount.help')}
            value={form.discountBp}
            onChange={(v) => set('discountBp', v)}
            error={fieldError('discountBp')}
          />
          <FormActions general={formError(fields)} busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
