// Пользователи: who may sign in to the cabinet, with which role; add a user, change a role,
// disable or enable, set a new password. Only roles with users.manage see this section.
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { FormActions } from '../../ui/FormActions.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';

type Role = 'owner' | 'manager' | 'marketer' | 'analyst' | 'integrator' | 'support';
const ROLES: Role[] = ['owner', 'manager', 'marketer', 'analyst', 'integrator', 'support'];

interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled_at: string | null;
  locked_until: string | null;
  created_at: string;
}

export default function UsersPage() {
  const { t, lang } = useI18n();
  const { me, timeZone } = useAuth();
  const users = useLoad(() => unwrap<{ rows: User[] }>(api.GET('/api/admin/v1/users')), []);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'password'; user: User } | null>(
    null,
  );
  const action = useSubmit();
  const roles = ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }));

  const run = async (call: () => Promise<unknown>) => {
    if ((await action.submit(call)) !== undefined) users.reload();
  };
  const setRole = (u: User, role: Role) =>
    run(() =>
      unwrap(
        api.PATCH('/api/admin/v1/users/{id}', {
          params: { path: { id: String(u.id) } },
          body: { role },
        }),
      ),
    );
  const toggle = (u: User) =>
    run(() =>
      unwrap(
        u.disabled_at
          ? api.POST('/api/admin/v1/users/{id}/enable', { params: { path: { id: String(u.id) } } })
          : api.POST('/api/admin/v1/users/{id}/disable', { params: { path: { id: String(u.id) } } }),
      ),
    );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('nav.users')}
        </Title>
        <Button onClick={() => setDialog({ kind: 'create' })}>{t('users.add')}</Button>
      </Group>
      {action.formError([]) && (
        <Alert color="red" role="alert">
          {action.formError([])}
        </Alert>
      )}
      {users.error !== undefined && <LoadError error={users.error} retry={users.reload} />}
      {!users.data && users.loading && <Loading />}
      {users.data && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>E-mail</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.state')}</Table.Th>
                <Table.Th>{t('users.created')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.rows.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.name}</Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('users.roleOf', { name: u.name })}
                      data={roles}
                      value={u.role}
                      allowDeselect={false}
                      disabled={u.id === me?.user_id}
                      onChange={(v) => v && v !== u.role && setRole(u, v as Role)}
                      w={180}
                    />
                  </Table.Td>
                  <Table.Td>
                    {u.disabled_at ? (
                      <Badge color="gray">{t('users.disabled')}</Badge>
                    ) : u.locked_until && Date.parse(u.locked_until) > Date.now() ? (
                      <Badge color="orange">{t('users.locked')}</Badge>
                    ) : (
                      <Badge color="teal">{t('users.active')}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{dateTime(u.created_at, timeZone, lang)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setDialog({ kind: 'password', user: u })}
                      >
                        {t('users.password')}
                      </Button>
                      {u.id !== me?.user_id && (
                        <Button size="xs" variant="light" color={u.disabled_at ? 'teal' : 'red'} onClick={() => toggle(u)}>
                          {t(u.disabled_at ? 'users.enable' : 'users.disable')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && (
        <CreateUser roles={roles} onClose={() => setDialog(null)} onDone={() => (setDialog(null), users.reload())} />
      )}
      {dialog?.kind === 'password' && (
        <SetPassword user={dialog.user} onClose={() => setDialog(null)} onDone={() => setDialog(null)} />
      )}
    </Stack>
  );
}

function CreateUser(props: {
  roles: { value: string; label: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState({ email: '', name: '', role: 'manager', password: '' });
  const { submit, busy, fieldError, formError } = useSubmit();
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const save = async () => {
    const ok = await submit(() =>
      unwrap(api.POST('/api/admin/v1/users', { body: { ...form, role: form.role as Role } })),
    );
    if (ok !== undefined) props.onDone();
  };
  const general = formError(['email', 'name', 'role', 'password']);
  return (
    <Modal opened onClose={props.onClose} title={t('users.add')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput label="E-mail" type="email" required value={form.email} onChange={(e) => set('email', e.currentTarget.value)} error={fieldError('email')} data-autofocus />
          <TextInput label={t('users.name')} required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError('name')} />
          <Select label={t('users.role')} data={props.roles} value={form.role} allowDeselect={false} onChange={(v) => v && set('role', v)} error={fieldError('role')} />
          <PasswordInput label={t('users.newPassword')} description={t('users.passwordHint')} required value={form.password} onChange={(e) => set('password', e.currentTarget.value)} error={fieldError('password')} autoComplete="new-password" />
          <FormActions general={general} busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function SetPassword(props: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    const ok = await submit(() =>
      unwrap(
        api.POST('/api/admin/v1/users/{id}/password', {
          params: { path: { id: String(props.user.id) } },
          body: { password },
        }),
      ),
    );
    if (ok !== undefined) props.onDone();
  };
  const general = formError(['password']);
  return (
    <Modal opened onClose={props.onClose} title={t('users.passwordOf', { name: props.user.name })}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <PasswordInput label={t('users.newPassword')} description={t('users.passwordHint')} required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError('password') ?? (general && !fieldError('password') ? general : undefined)} autoComplete="new-password" data-autofocus />
          <FormActions busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
