// Вебхуки: the organization's subscriptions — address, description, events, on or paused —
// with «Добавить вебхук», «Изменить», «Новый секрет» (shown once, like a till's key) and
// «Удалить» for who may change integrations (integration.write); others only look.
import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Switch, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { SecretOnce } from '../../ui/SecretOnce.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { eventLabel, type Webhook } from './types.ts';
import { WebhookForm } from './WebhookForm.tsx';

export function loadWebhooks() {
  return unwrap<{ rows: Webhook[] }>(api.GET('/api/admin/v1/webhooks')).then((x) => x.rows);
}

type Dialog =
  | { kind: 'form'; webhook?: Webhook }
  | { kind: 'secret'; url: string; secret: string }
  | { kind: 'confirm'; action: 'rotate' | 'delete'; webhook: Webhook };

export function WebhooksTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const phone = useMediaQuery('(max-width: 40em)');
  const hooks = useLoad(loadWebhooks, []);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const toggle = useSubmit();
  const writable = can('integration.write');

  const setEnabled = async (hook: Webhook, enabled: boolean) => {
    const done = await toggle.submit(() =>
      unwrap<Webhook>(
        api.PATCH('/api/admin/v1/webhooks/{id}', {
          params: { path: { id: String(hook.id) } },
          body: { enabled },
        }),
      ),
    );
    if (done) hooks.reload();
  };

  if (hooks.error !== undefined) return <LoadError error={hooks.error} retry={hooks.reload} />;
  if (!hooks.data) return <Loading />;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" size="sm" maw={760}>
          {t('hooks.help')}
        </Text>
        {writable && <Button onClick={() => setDialog({ kind: 'form' })}>{t('hooks.add')}</Button>}
      </Group>
      {toggle.formError([]) && (
        <Alert color="red" role="alert">
          {toggle.formError([])}
        </Alert>
      )}
      {hooks.data.length === 0 ? (
        <Text c="dimmed">{t('hooks.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={phone ? 0 : 860}>
          <Table striped data-testid="webhooks" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('hooks.url')}</Table.Th>
                {!phone && <Table.Th>{t('hooks.events')}</Table.Th>}
                {!phone && <Table.Th>{t('users.state')}</Table.Th>}
                {!phone && writable && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {hooks.data.map((hook) => (
                <WebhookRow
                  key={hook.id}
                  hook={hook}
                  phone={Boolean(phone)}
                  busy={toggle.busy}
                  onEnable={writable ? (on) => void setEnabled(hook, on) : undefined}
                  onAction={writable ? (d) => setDialog(d) : undefined}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'form' && (
        <WebhookForm
          {...(dialog.webhook ? { webhook: dialog.webhook } : {})}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            hooks.reload();
            setDialog(
              'secret' in saved ? { kind: 'secret', url: saved.url, secret: saved.secret } : null,
            );
          }}
        />
      )}
      {dialog?.kind === 'confirm' && (
        <ConfirmWebhook
          action={dialog.action}
          webhook={dialog.webhook}
          onClose={() => setDialog(null)}
          onDone={(secret) => {
            hooks.reload();
            setDialog(secret ? { kind: 'secret', url: dialog.webhook.url, secret } : null);
          }}
        />
      )}
      {dialog?.kind === 'secret' && (
        <Modal opened onClose={() => setDialog(null)} title={dialog.url} size="lg">
          <Stack>
            <SecretOnce
              value={dialog.secret}
              label={t('hooks.secretOf')}
              title={t('hooks.secretOnceTitle')}
              warning={t('hooks.secretOnce')}
            />
            <Group justify="flex-end">
              <Button onClick={() => setDialog(null)}>{t('hooks.secretSaved')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

/** One webhook; on a phone everything stands in one cell, state and buttons under the address. */
function WebhookRow(props: {
  hook: Webhook;
  phone: boolean;
  busy: boolean;
  /** Absent: the role only looks. */
  onEnable: ((on: boolean) => void) | undefined;
  onAction: ((dialog: Dialog) => void) | undefined;
}) {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const { hook, phone, onEnable, onAction } = props;
  const events = hook.event_types.includes('*')
    ? t('hooks.allEvents')
    : hook.event_types.map((e) => eventLabel(t, e)).join(', ');
  const state = onEnable ? (
    <Switch
      checked={hook.enabled}
      disabled={props.busy}
      aria-label={t('hooks.enabledOf', { url: hook.url })}
      label={t(hook.enabled ? 'hooks.on' : 'hooks.paused')}
      onChange={(e) => onEnable(e.currentTarget.checked)}
    />
  ) : (
    <Badge color={hook.enabled ? 'teal' : 'gray'}>
      {t(hook.enabled ? 'hooks.on' : 'hooks.paused')}
    </Badge>
  );
  const actions = onAction && (
    <Group gap="xs" wrap={phone ? 'wrap' : 'nowrap'} justify={phone ? 'flex-start' : 'flex-end'}>
      <Button size="xs" variant="default" onClick={() => onAction({ kind: 'form', webhook: hook })}>
        {t('hooks.change')}
      </Button>
      <Button
        size="xs"
        variant="default"
        onClick={() => onAction({ kind: 'confirm', action: 'rotate', webhook: hook })}
      >
        {t('hooks.rotate')}
      </Button>
      <Button
        size="xs"
        variant="light"
        color="red"
        onClick={() => onAction({ kind: 'confirm', action: 'delete', webhook: hook })}
      >
        {t('hooks.delete')}
      </Button>
    </Group>
  );
  return (
    <Table.Tr data-testid="webhook">
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {hook.url}
          </Text>
          {hook.description && (
            <Text size="xs" c="dimmed">
              {hook.description}
            </Text>
          )}
          {phone && <Text size="xs">{events}</Text>}
          {hook.previous_secret_until && (
            <Text size="xs" c="dimmed">
              {t('hooks.previousUntil', {
                at: dateTime(hook.previous_secret_until, timeZone, lang),
              })}
            </Text>
          )}
          {phone && (
            <Stack gap="xs" mt={6} align="flex-start">
              {state}
              {actions}
            </Stack>
          )}
        </Stack>
      </Table.Td>
      {!phone && (
        <Table.Td>
          <Text size="sm">{events}</Text>
        </Table.Td>
      )}
      {!phone && <Table.Td>{state}</Table.Td>}
      {!phone && actions && <Table.Td>{actions}</Table.Td>}
    </Table.Tr>
  );
}

function ConfirmWebhook(props: {
  action: 'rotate' | 'delete';
  webhook: Webhook;
  onClose: () => void;
  onDone: (secret: string | null) => void;
}) {
  const { t } = useI18n();
  const id = String(props.webhook.id);
  const rotate = props.action === 'rotate';
  return (
    <ConfirmDialog
      title={t(rotate ? 'hooks.rotateTitle' : 'hooks.deleteTitle', { url: props.webhook.url })}
      warning={t(rotate ? 'hooks.rotateWarning' : 'hooks.deleteWarning')}
      action={t(rotate ? 'hooks.rotate' : 'hooks.delete')}
      danger={!rotate}
      run={() =>
        rotate
          ? unwrap<{ secret: string }>(
              api.POST('/api/admin/v1/webhooks/{id}/rotate-secret', { params: { path: { id } } }),
            ).then((a) => a.secret)
          : unwrap<unknown>(
              api.DELETE('/api/admin/v1/webhooks/{id}', { params: { path: { id } } }),
            ).then(() => null)
      }
      onClose={props.onClose}
      onDone={props.onDone}
    />
  );
}
