// One notification's addresses: each with «Убрать», and «Новый e-mail» with «Добавить» (seed
// 003). The address the server refused is marked with its message; the rest of the server's
// complaints about the list stand under it.
import { useState } from 'react';
import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';

export function EmailList(props: {
  label: string;
  value: string[];
  onChange: (list: string[]) => void;
  readOnly: boolean;
  /** The server's problems under this list: paths …type.N name the N-th address. */
  problems: { path: string; message: string }[];
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const problemAt = (i: number) => props.problems.find((p) => p.path.endsWith(`.${i}`))?.message;
  const general = props.problems.filter((p) => !/\.\d+$/.test(p.path)).map((p) => p.message);
  const add = () => {
    const email = typed.trim();
    if (!email) return;
    if (!props.value.includes(email)) props.onChange([...props.value, email]);
    setTyped('');
  };
  return (
    <Stack gap={6}>
      {props.value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('notify.nobody')}
        </Text>
      )}
      {props.value.map((email, i) => (
        <Stack key={email} gap={2} data-testid="recipient">
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c={problemAt(i) ? 'red' : undefined} style={{ wordBreak: 'break-all' }}>
              {email}
            </Text>
            {!props.readOnly && (
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={t('notify.remove', { email })}
                onClick={() => props.onChange(props.value.filter((e) => e !== email))}
              >
                ✕
              </ActionIcon>
            )}
          </Group>
          {problemAt(i) && (
            <Text size="xs" c="red" role="alert">
              {problemAt(i)}
            </Text>
          )}
        </Stack>
      ))}
      {general.map((m) => (
        <Text key={m} size="xs" c="red" role="alert">
          {m}
        </Text>
      ))}
      {!props.readOnly && (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('notify.newEmail')}
            aria-label={t('notify.newEmailOf', { list: props.label })}
            type="email"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter adds the address instead of saving the whole form half-typed.
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            style={{ flex: 1, maxWidth: 360 }}
          />
          <Button variant="default" onClick={add} disabled={!typed.trim()}>
            {t('notify.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
