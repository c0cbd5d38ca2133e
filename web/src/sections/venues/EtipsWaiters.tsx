// The waiters of a venue with a tips recipient of their own: add one (named exactly as the till
// names the check's operator), change the recipient, remove, or show their link in the preview.
import { useState } from 'react';
import { Anchor, Button, Modal, Paper, Stack, TextInput, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { EditableList } from '../../ui/EditableList.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import type { VenueTips } from './EtipsTab.tsx';

type Waiter = VenueTips['waiters'][number];

export function EtipsWaiters(props: {
  restaurant: string;
  tips: VenueTips;
  onChange: (tips: VenueTips) => void;
  /** Show this waiter's link in the preview. */
  onShow: (waiter: string) => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <Title order={2} size="h4">
          {t('etips.waiters')}
        </Title>
        <EditableList
          hint={t('etips.waitersHelp')}
          addLabel={t('etips.addWaiter')}
          empty={t('etips.noWaiters')}
          rows={props.tips.waiters}
          rowKey={(w) => w.waiter}
          columns={[
            { header: t('etips.waiter'), cell: (w) => w.waiter },
            { header: t('etips.waiterRecipient'), cell: (w) => w.recipient, monospace: true },
            {
              header: t('etips.link'),
              cell: (w) => (
                <Anchor href={w.url} target="_blank" rel="noopener noreferrer" size="sm">
                  {w.url}
                </Anchor>
              ),
            },
          ]}
          writable={can('program.write')}
          minWidth={640}
          testId="tips-waiters"
          actions={(w) => (
            <Button size="xs" variant="default" onClick={() => props.onShow(w.waiter)}>
              {t('etips.showQr')}
            </Button>
          )}
          confirmRemove={(w) => ({
            title: t('etips.removeWaiterOf', { waiter: w.waiter }),
            warning: t('etips.removeWaiterWarning'),
          })}
          remove={(w) =>
            unwrap<VenueTips>(
              api.DELETE('/api/admin/v1/etips/restaurants/{id}/waiters/{waiter}', {
                params: { path: { id: props.restaurant, waiter: w.waiter } },
              }),
            ).then((tips) => {
              props.onShow('');
              props.onChange(tips);
            })
          }
          editor={(waiter, close) => (
            <WaiterDialog
              restaurant={props.restaurant}
              waiter={waiter}
              onClose={close}
              onDone={(tips) => {
                close();
                props.onChange(tips);
              }}
            />
          )}
        />
      </Stack>
    </Paper>
  );
}

function WaiterDialog(props: {
  restaurant: string;
  waiter: Waiter | null;
  onClose: () => void;
  onDone: (tips: VenueTips) => void;
}) {
  const { t } = useI18n();
  const [waiter, setWaiter] = useState(props.waiter?.waiter ?? '');
  const [recipient, setRecipient] = useState(props.waiter?.recipient ?? '');
  const [missing, setMissing] = useState(false);
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    // The name is the address of the waiter's row: without one there is nothing to ask.
    setMissing(waiter.trim() === '');
    if (waiter.trim() === '') return;
    const answer = await submit(() =>
      unwrap<VenueTips>(
        api.PUT('/api/admin/v1/etips/restaurants/{id}/waiters/{waiter}', {
          params: { path: { id: props.restaurant, waiter: waiter.trim() } },
          body: { recipient },
        }),
      ),
    );
    if (answer) props.onDone(answer);
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={
        props.waiter ? t('etips.editWaiter', { waiter: props.waiter.waiter }) : t('etips.addWaiter')
      }
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          {!props.waiter && (
            <TextInput
              label={t('etips.waiter')}
              description={t('etips.waiterHint')}
              required
              value={waiter}
              onChange={(e) => setWaiter(e.currentTarget.value)}
              error={missing ? t('etips.waiterMissing') : fieldError('waiter')}
              data-autofocus
            />
          )}
          <TextInput
            label={t('etips.waiterRecipient')}
            description={t('etips.waiterRecipientHint')}
            required
            value={recipient}
            onChange={(e) => setRecipient(e.currentTarget.value)}
            error={fieldError('recipient')}
            data-autofocus={props.waiter ? true : undefined}
          />
          <FormActions
            general={formError(['waiter', 'recipient'])}
            busy={busy}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
