// A webhook's form in a dialog: the address (fixed once created: the secret is bound to it),
// a description, the events — «Все события» or a choice among them — and whether it is on.
// A refusal keeps everything typed and stands under its field; an address into the
// installation's own network is explained beside the server's words.
import { useState } from 'react';
import { Checkbox, Input, Modal, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import {
  EVENT_TYPES,
  eventLabel,
  type EventType,
  type Webhook,
  type WebhookWithSecret,
} from './types.ts';

const FIELDS = ['url', 'description', 'event_types', 'enabled'];

export function WebhookForm(props: {
  /** Absent: a new webhook. */
  webhook?: Webhook;
  onClose: () => void;
  /** A new webhook comes with its secret; a changed one without. */
  onSaved: (saved: Webhook | WebhookWithSecret) => void;
}) {
  const { t } = useI18n();
  const editing = props.webhook;
  const [url, setUrl] = useState(editing?.url ?? 'https://');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [all, setAll] = useState(editing ? editing.event_types.includes('*') : true);
  const [chosen, setChosen] = useState<string[]>(
    editing?.event_types.filter((e) => e !== '*') ?? [],
  );
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const { submit, busy, failure, fieldError, formError } = useSubmit();
  const eventTypes = (all ? ['*'] : chosen) as ('*' | EventType)[];

  const save = async () => {
    const saved = await submit<Webhook | WebhookWithSecret>(() =>
      editing
        ? unwrap<Webhook>(
            api.PATCH('/api/admin/v1/webhooks/{id}', {
              params: { path: { id: String(editing.id) } },
              body: { event_types: eventTypes, description, enabled },
            }),
          )
        : unwrap<WebhookWithSecret>(
            api.POST('/api/admin/v1/webhooks', {
              body: { url: url.trim(), event_types: eventTypes, description, enabled },
            }),
          ),
    );
    if (saved) props.onSaved(saved);
  };
  const intoNetwork = failure instanceof ApiFailure && failure.code === 'webhook_target_private';
  const urlError = fieldError('url');

  return (
    <Modal opened onClose={props.onClose} title={t(editing ? 'hooks.edit' : 'hooks.add')} size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput
            label={t('hooks.url')}
            description={t(editing ? 'hooks.urlFixed' : 'hooks.urlHelp')}
            required={!editing}
            disabled={Boolean(editing)}
            type="url"
            inputMode="url"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={
              urlError && (
                <>
                  {urlError}
                  {intoNetwork && (
                    <Text component="span" size="xs" display="block" mt={4} c="dimmed">
                      {t('hooks.privateHelp')}
                    </Text>
                  )}
                </>
              )
            }
            data-autofocus
          />
          <TextInput
            label={t('hooks.description')}
            value={description}
            maxLength={200}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError('description')}
          />
          <Input.Wrapper label={t('hooks.events')} error={fieldError('event_types')}>
            <Stack gap="xs" mt={6}>
              <Checkbox
                label={t('hooks.allEvents')}
                description={t('hooks.allEventsHelp')}
                checked={all}
                onChange={(e) => setAll(e.currentTarget.checked)}
              />
              {!all && (
                <Checkbox.Group value={chosen} onChange={setChosen} aria-label={t('hooks.events')}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={6}>
                    {EVENT_TYPES.map((type) => (
                      <Checkbox key={type} value={type} label={eventLabel(t, type)} />
                    ))}
                  </SimpleGrid>
                </Checkbox.Group>
              )}
            </Stack>
          </Input.Wrapper>
          <Switch
            label={t('hooks.enabled')}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <FormActions general={formError(FIELDS)} busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
