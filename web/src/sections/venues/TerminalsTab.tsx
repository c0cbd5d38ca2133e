// Кассы: every till of the organization with the last four characters of its key; add a till
// (its key is shown once), issue a new key (the old one stops at once), revoke a till.
import { useState } from 'react';
import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { rowsOf } from '../../ui/lists.ts';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { SecretOnce } from '../../ui/SecretOnce.tsx';
import { loadVenues, type Venue } from './VenuePicker.tsx';

interface Terminal {
  id: number;
  restaurant_id: number;
  name: string;
  key_hint: string | null;
  revoked_at: string | null;
  created_at: string;
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'key'; terminal: string; key: string }
  | { kind: 'confirm'; action: 'rotate' | 'revoke'; terminal: Terminal };

export function TerminalsTab() {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const data = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET('/api/admin/v1/terminals')).then((x) => rowsOf<Terminal>(x)),
        loadVenues(),
      ]),
    [],
  );
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const writable = can('integration.write');
  const phone = useMediaQuery('(max-width: 40em)');
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const [terminals, venues] = data.data;
  const venueName = (id: number) => venues.find((v) => v.id === id)?.name ?? `#${id}`;

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm" maw={720}>
          {t('venues.terminalsHint')}
        </Text>
        {writable && (
          <Button onClick={() => setDialog({ kind: 'create' })}>{t('venues.addTerminal')}</Button>
        )}
      </Group>
      {/* On a phone the venue goes under the till's name and the date is left out. */}
      <Table.ScrollContainer minWidth={phone ? 0 : 720}>
        <Table striped data-testid="terminals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('venues.terminal')}</Table.Th>
              {!phone && <Table.Th>{t('dashboard.restaurant')}</Table.Th>}
              <Table.Th>{t('venues.keyHint')}</Table.Th>
              {!phone && <Table.Th>{t('users.created')}</Table.Th>}
              <Table.Th>{t('users.state')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {terminals.map((term) => (
              <Table.Tr key={term.id}>
                <Table.Td>
                  {term.name}
                  {phone && (
                    <Text size="xs" c="dimmed">
                      {venueName(term.restaurant_id)}
                    </Text>
                  )}
                </Table.Td>
                {!phone && <Table.Td>{venueName(term.restaurant_id)}</Table.Td>}
                <Table.Td ff="monospace">{term.key_hint ? `…${term.key_hint}` : '—'}</Table.Td>
                {!phone && <Table.Td>{dateTime(term.created_at, timeZone, lang)}</Table.Td>}
                <Table.Td>
                  {term.revoked_at ? (
                    <Badge color="gray">{t('venues.revoked')}</Badge>
                  ) : (
                    <Badge color="teal">{t('users.active')}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {writable && !term.revoked_at && (
                    <Group gap="xs" wrap={phone ? 'wrap' : 'nowrap'}>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() =>
                          setDialog({ kind: 'confirm', action: 'rotate', terminal: term })
                        }
                      >
                        {t('venues.rotateKey')}
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        onClick={() =>
                          setDialog({ kind: 'confirm', action: 'revoke', terminal: term })
                        }
                      >
                        {t('venues.revoke')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {dialog?.kind === 'create' && (
        <CreateTerminal
          venues={venues}
          onClose={() => setDialog(null)}
          onCreated={(name, key) => {
            data.reload();
            setDialog({ kind: 'key', terminal: name, key });
          }}
        />
      )}
      {dialog?.kind === 'confirm' && (
        <ConfirmAction
          action={dialog.action}
          terminal={dialog.terminal}
          onClose={() => setDialog(null)}
          onDone={(key) => {
            data.reload();
            setDialog(key ? { kind: 'key', terminal: dialog.terminal.name, key } : null);
          }}
        />
      )}
      {dialog?.kind === 'key' && (
        <Modal
          opened
          onClose={() => setDialog(null)}
          title={t('venues.keyOf', { name: dialog.terminal })}
          size="lg"
        >
          <Stack>
            <SecretOnce value={dialog.key} label={t('venues.key')} />
            <Group justify="flex-end">
              <Button onClick={() => setDialog(null)}>{t('venues.keySaved')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

function CreateTerminal(props: {
  venues: Venue[];
  onClose: () => void;
  onCreated: (name: string, key: string) => void;
}) {
  const { t } = useI18n();
  const [venue, setVenue] = useState<string | null>(
    props.venues[0] ? String(props.venues[0].id) : null,
  );
  const [name, setName] = useState('');
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    const created = await submit(() =>
      unwrap<{ terminal: { name: string }; key: string }>(
        api.POST('/api/admin/v1/terminals', { body: { restaurant_id: Number(venue), name } }),
      ),
    );
    if (created) props.onCreated(created.terminal.name, created.key);
  };
  return (
    <Modal opened onClose={props.onClose} title={t('venues.addTerminal')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <Select
            label={t('dashboard.restaurant')}
            data={props.venues.map((v) => ({ value: String(v.id), label: v.name }))}
            value={venue}
            onChange={setVenue}
            allowDeselect={false}
            error={fieldError('restaurant_id')}
          />
          <TextInput
            label={t('venues.terminalName')}
            description={t('venues.terminalNameHint')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError('name')}
            data-autofocus
          />
          <FormActions
            general={formError(['restaurant_id', 'name'])}
            busy={busy}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

function ConfirmAction(props: {
  action: 'rotate' | 'revoke';
  terminal: Terminal;
  onClose: () => void;
  onDone: (key: string | null) => void;
}) {
  const { t } = useI18n();
  const id = String(props.terminal.id);
  const rotate = props.action === 'rotate';
  return (
    <ConfirmDialog
      title={t(rotate ? 'venues.rotateKeyOf' : 'venues.revokeOf', { name: props.terminal.name })}
      warning={t(rotate ? 'venues.rotateWarning' : 'venues.revokeWarning')}
      action={t(rotate ? 'venues.rotateKey' : 'venues.revoke')}
      danger={!rotate}
      run={() =>
        rotate
          ? unwrap<{ key: string }>(
              api.POST('/api/admin/v1/terminals/{id}/rotate-key', { params: { path: { id } } }),
            ).then((a) => a.key)
          : unwrap<unknown>(
              api.POST('/api/admin/v1/terminals/{id}/revoke', { params: { path: { id } } }),
            ).then(() => null)
      }
      onClose={props.onClose}
      onDone={props.onDone}
    />
  );
}
