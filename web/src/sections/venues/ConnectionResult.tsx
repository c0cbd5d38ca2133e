// What «Проверить подключение» found, said plainly: connected (with what the server told about
// itself), or why not — the server's own explanation in the cabinet's language.
import { Alert, Button, Group, Text } from '@mantine/core';
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

/**
 * Below a POS server's connection: «Проверить подключение» and «Импортировать справочники»
 * (once a connection is saved), then what the last of them found.
 */
export function ConnectionActions(props: {
  show: boolean;
  busy: boolean;
  onCheck: () => void;
  onImport: () => void;
  /** A refusal of either call (not the check's own verdict). */
  refused: string | undefined;
  result: { ok: boolean; detail: string } | null;
  imported: Record<string, number> | null;
}) {
  const { t } = useI18n();
  return (
    <>
      {props.show && (
        <Group>
          <Button variant="default" loading={props.busy} onClick={props.onCheck}>
            {t('venues.check')}
          </Button>
          <Button variant="default" loading={props.busy} onClick={props.onImport}>
            {t('venues.import')}
          </Button>
        </Group>
      )}
      {props.refused && <ConnectionResult ok={false} detail={props.refused} />}
      {props.result && <ConnectionResult {...props.result} />}
      {props.imported && (
        <Text role="status">
          {t('venues.imported', {
            list: Object.entries(props.imported)
              .map(([k, n]) => `${k}: ${n}`)
              .join(', '),
          })}
        </Text>
      )}
    </>
  );
}
