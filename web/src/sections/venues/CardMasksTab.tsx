// Маски карт: which printed card numbers are the organization's plastic cards and what kind
// each is («#» a digit, «*» any digits, «?» any character, the rest literal).
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { rowsOf } from '../../ui/lists.ts';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';

interface Mask {
  id: number;
  name: string;
  pattern: string;
  kind: string;
}
const FIELDS = ['name', 'pattern', 'kind'] as const;

export function CardMasksTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const masks = useLoad(
    () => unwrap(api.GET('/api/admin/v1/card-masks')).then((x) => rowsOf<Mask>(x)),
    [],
  );
  const [editing, setEditing] = useState<Mask | 'new' | null>(null);
  const remove = useSubmit();
  const writable = can('integration.write');
  if (masks.error !== undefined) return <LoadError error={masks.error} retry={masks.reload} />;
  if (!masks.data) return <Loading />;
  const drop = async (m: Mask) => {
    const ok = await remove.submit(() =>
      unwrap(
        api.DELETE('/api/admin/v1/card-masks/{id}', { params: { path: { id: String(m.id) } } }),
      ),
    );
    if (ok !== undefined) masks.reload();
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm" maw={720}>
          {t('venues.masksHint')}
        </Text>
        {writable && <Button onClick={() => setEditing('new')}>{t('venues.addMask')}</Button>}
      </Group>
      {remove.formError([]) && (
        <Alert color="red" role="alert">
          {remove.formError([])}
        </Alert>
      )}
      {masks.data.length === 0 ? (
        <Text c="dimmed">{t('venues.noMasks')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="masks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('venues.maskName')}</Table.Th>
                <Table.Th>{t('venues.maskPattern')}</Table.Th>
                <Table.Th>{t('venues.maskKind')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {masks.data.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td ff="monospace">{m.pattern}</Table.Td>
                  <Table.Td>{m.kind}</Table.Td>
                  <Table.Td>
                    {writable && (
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Button size="xs" variant="default" onClick={() => setEditing(m)}>
                          {t('venues.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          loading={remove.busy}
                          onClick={() => void drop(m)}
                        >
                          {t('venues.delete')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <MaskDialog
          mask={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            masks.reload();
          }}
        />
      )}
    </Stack>
  );
}

function MaskDialog(props: { mask: Mask | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    name: props.mask?.name ?? '',
    pattern: props.mask?.pattern ?? '',
    kind: props.mask?.kind ?? '',
  });
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    const id = props.mask ? String(props.mask.id) : null;
    const ok = await submit(() =>
      unwrap(
        id
          ? api.PATCH('/api/admin/v1/card-masks/{id}', { params: { path: { id } }, body: form })
          : api.POST('/api/admin/v1/card-masks', { body: form }),
      ),
    );
    if (ok !== undefined) props.onDone();
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t(props.mask ? 'venues.editMask' : 'venues.addMask')}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          {FIELDS.map((k) => (
            <TextInput
              key={k}
              label={t(
                k === 'name'
                  ? 'venues.maskName'
                  : k === 'pattern'
                    ? 'venues.maskPattern'
                    : 'venues.maskKind',
              )}
              description={
                k === 'pattern'
                  ? t('venues.maskPatternHint')
                  : k === 'kind'
                    ? t('venues.maskKindHint')
                    : undefined
              }
              required
              value={form[k]}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm((f) => ({ ...f, [k]: v }));
              }}
              error={fieldError(k)}
              data-autofocus={k === 'name' || undefined}
            />
          ))}
          <FormActions general={formError(FIELDS)} busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
