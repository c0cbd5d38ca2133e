// What the Apple and Google panels of the «Wallet» tab share: the stored set-up read (none is
// "not set up", not a failure), a panel with its title, state badge, what is stored and
// «Удалить», and reading an uploaded file. The keys themselves never come back from the server.
import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { ApiFailure, unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';

type Answer<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/** The stored set-up, or null when there is none (404 wallet_not_configured). */
export function useWalletSetup<T>(read: () => Answer<T>, remove: () => Answer<unknown>) {
  const stored = useLoad(
    () =>
      unwrap<T>(read()).catch((e: unknown) => {
        if (e instanceof ApiFailure && e.code === 'wallet_not_configured') return null;
        throw e;
      }),
    [],
  );
  const removal = useSubmit();
  const [deleted, setDeleted] = useState(false);
  const onDelete = async (confirmText: string) => {
    if (!window.confirm(confirmText)) return;
    setDeleted(false);
    const done = await removal.submit(async () => {
      await unwrap(remove());
      return true;
    });
    if (done) {
      setDeleted(true);
      stored.reload();
    }
  };
  return { stored, removal, deleted, setDeleted, onDelete };
}

export function WalletPanel(props: {
  title: MessageKey;
  help: MessageKey;
  testId: string;
  setup: ReturnType<typeof useWalletSetup<{ updated_at: string }>>;
  /** What is stored, as lines: shown when set up. */
  facts: ReactNode;
  children: ReactNode;
}) {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const { stored, removal, deleted, onDelete } = props.setup;
  if (stored.error !== undefined) return <LoadError error={stored.error} retry={stored.reload} />;
  if (stored.data === undefined) return <Loading />;
  const s = stored.data;
  const writable = can('integration.write');
  const name = t(props.title);
  return (
    <Paper withBorder p="md" radius="md" data-testid={props.testId}>
      <Stack>
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4">
            {name}
          </Title>
          <Badge color={s ? 'green' : 'gray'} variant="light">
            {t(s ? 'wallet.on' : 'wallet.off')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" maw={760}>
          {t(props.help)}
        </Text>
        {s && (
          <Stack gap={4}>
            {props.facts}
            <Text size="sm" c="dimmed">
              {t('wallet.savedAt', { at: dateTime(s.updated_at, timeZone, lang) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('wallet.keyNever')}
            </Text>
          </Stack>
        )}
        {deleted && (
          <Alert color="green" p="xs" role="status">
            {t('wallet.deleted')}
          </Alert>
        )}
        {removal.formError([]) && (
          <Alert color="red" role="alert">
            {removal.formError([])}
          </Alert>
        )}
        {writable ? (
          props.children
        ) : (
          <Text size="sm" c="dimmed">
            {t('wallet.readOnly')}
          </Text>
        )}
        {writable && s && (
          <Group>
            <Button
              variant="subtle"
              color="red"
              loading={removal.busy}
              onClick={() => void onDelete(t('wallet.confirmDelete', { wallet: name }))}
            >
              {t('wallet.delete')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** A fact of the stored set-up: its name and value on one line. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span c="dimmed">
        {label}:{' '}
      </Text>
      {children}
    </Text>
  );
}

export const fileText = (f: File | null) => (f ? f.text() : Promise.resolve(''));

/** A PNG as the API takes it: base64. */
export async function fileBase64(f: File | null): Promise<string> {
  if (!f) return '';
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
