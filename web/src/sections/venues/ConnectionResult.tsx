// What «Проверить подключение» found, said plainly: connected (with what the server told about
// itself), or why not — the server's own explanation in the cabinet's language.
import { Alert } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';

export function ConnectionResult(props: { ok: boolean; detail: string }) {
  const { t } = useI18n();
  return (
    <Alert
      color={props.ok ? 'teal' : 'red'}
      role={props.ok ? 'status' : 'alert'}
      title={t(props.ok ? 'venues.connected' : 'venues.notConnected')}
      data-testid="connection-result"
    >
      {props.detail}
    </Alert>
  );
}
