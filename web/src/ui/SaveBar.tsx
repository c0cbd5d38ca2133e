// The foot of a long settings form: «Сохранить» at the bottom right, staying in sight while
// there are unsaved changes (seed 003: «нажмите Сохранить в правом нижнем углу экрана»), the
// refusal no field shows, «Сохранено» after a save.
import { Alert, Button, Group, Paper } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';

export function SaveBar(props: {
  dirty: boolean;
  busy: boolean;
  saved: boolean;
  general?: string | undefined;
  onReset: () => void;
  /** Absent: the bar sits in a <form> and Save submits it. */
  onSave?: () => void;
}) {
  const { t } = useI18n();
  return (
    <Paper withBorder p="sm" radius="md" className={props.dirty ? 'sticky-actions' : undefined}>
      <Group justify="flex-end">
        {props.general && (
          <Alert color="red" p="xs" role="alert" style={{ flex: 1 }}>
            {t('form.failed', { message: props.general })}
          </Alert>
        )}
        {props.saved && !props.dirty && (
          <Alert color="green" p="xs" role="status">
            {t('form.saved')}
          </Alert>
        )}
        <Button variant="default" disabled={!props.dirty || props.busy} onClick={props.onReset}>
          {t('form.cancel')}
        </Button>
        <Button
          type={props.onSave ? 'button' : 'submit'}
          onClick={props.onSave}
          loading={props.busy}
          disabled={!props.dirty}
        >
          {t('form.save')}
        </Button>
      </Group>
    </Paper>
  );
}
