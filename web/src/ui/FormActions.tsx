// The foot of a form in a dialog: the refusal no field shows, then «Отмена» and «Сохранить».
import { Alert, Button, Group } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';

export function FormActions(props: { general?: string; busy: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <>
      {props.general && (
        <Alert color="red" role="alert">
          {t('form.failed', { message: props.general })}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('form.cancel')}
        </Button>
        <Button type="submit" loading={props.busy}>
          {t('form.save')}
        </Button>
      </Group>
    </>
  );
}
