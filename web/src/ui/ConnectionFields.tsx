// Where a server is and how Kopilka signs in to it — host, port, user, password — for every
// connection the cabinet sets up (r_keeper's XML interface, iiko Server, the mail server). The
// password is never shown: the field says one is kept, and that it must be typed again when
// the host or port changes, because the server keeps it sealed to the address it was typed
// for and refuses to move it.
import type { ReactNode } from 'react';
import { PasswordInput, SimpleGrid, TextInput } from '@mantine/core';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

export type ConnectionKey = 'host' | 'port' | 'user' | 'password';
export type Connection = Record<ConnectionKey, string>;

export function ConnectionFields(props: {
  value: Connection;
  onChange: (key: ConnectionKey, value: string) => void;
  /** The API's name of each field, for the server's message under it. */
  names: Record<ConnectionKey, string>;
  /** What is saved now; null: nothing yet. */
  stored: { host: string; port: number; passwordSet: boolean } | null;
  writable: boolean;
  error: (apiField: string) => string | undefined;
  userLabel?: MessageKey;
  userRequired?: boolean;
  /** More fields in the same grid, after these four. */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const { value, stored, names } = props;
  const field = (key: ConnectionKey) => ({
    value: value[key],
    readOnly: !props.writable,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      props.onChange(key, e.currentTarget.value),
    error: props.error(names[key]),
  });
  const moved =
    stored !== null &&
    stored.passwordSet &&
    (value.host.trim().toLowerCase() !== stored.host.toLowerCase() ||
      value.port !== String(stored.port));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput label={t('venues.host')} required {...field('host')} />
      <TextInput label={t('venues.port')} required inputMode="numeric" {...field('port')} />
      <TextInput
        label={t(props.userLabel ?? 'venues.user')}
        required={props.userRequired ?? true}
        {...field('user')}
      />
      {props.writable && (
        <PasswordInput
          label={t('venues.password')}
          required={moved}
          description={
            // The server's refusal under the field says it already.
            props.error(names.password)
              ? undefined
              : moved
                ? t('connection.passwordAgain')
                : stored?.passwordSet
                  ? t('venues.passwordKept')
                  : undefined
          }
          styles={moved ? { description: { color: 'var(--mantine-color-orange-8)' } } : undefined}
          autoComplete="new-password"
          {...field('password')}
        />
      )}
      {props.children}
    </SimpleGrid>
  );
}
