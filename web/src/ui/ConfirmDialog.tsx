// «Are you sure?» before an action that cannot be taken back (a till's key replaced, a webhook
// deleted): what will happen in words, then the action; the server's refusal stays in the
// dialog above the buttons.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { useSubmit } from './useSubmit.ts';

export function ConfirmDialog<T>(props: {
  title: string;
  warning: string;
  action: string;
  /** Red: the action removes or stops something. */
  danger?: boolean;
  run: () => Promise<T>;
  onClose: () => void;
  onDone: (answer: T) => void;
}) {
  const { t } = useI18n();
  const { submit, busy, formError } = useSubmit();
  const go = async () => {
    // Boxed: a refusal gives undefined, and the answer itself may be null (nothing to show).
    const answer = await submit(async () => ({ value: await props.run() }));
    if (answer) props.onDone(answer.value);
  };
  const refused = formError([]);
  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <Stack>
        <Text>{props.warning}</Text>
        {refused && (
          <Alert color="red" role="alert">
            {refused}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('form.cancel')}
          </Button>
          <Button color={props.danger ? 'red' : undefined} loading={busy} onClick={() => void go()}>
            {props.action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
