// A new restaurant: name, time zone and POS system. The owner makes one in Заведения и кассы,
// the installation's operator for any organization; `create` is the call that saves it.
import { useState } from 'react';
import { Modal, Select, Stack, TextInput } from '@mantine/core';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { FormActions } from './FormActions.tsx';
import { TIME_ZONES } from './timeZones.ts';
import { useSubmit } from './useSubmit.ts';

export type Integration = 'rkeeper7' | 'rkeeper_lite' | 'iiko' | 'api';
const INTEGRATIONS: Integration[] = ['rkeeper7', 'rkeeper_lite', 'iiko', 'api'];

export interface NewRestaurant {
  name: string;
  time_zone: string;
  integration: Integration;
}

export function NewRestaurantDialog(props: {
  title: string;
  create: (body: NewRestaurant) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState<NewRestaurant>({
    name: '',
    time_zone: 'Europe/Moscow',
    integration: 'rkeeper7',
  });
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    if ((await submit(() => props.create({ ...form, name: form.name.trim() }))) !== undefined)
      props.onDone();
  };
  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput
            label={t('venues.name')}
            required
            value={form.name}
            onChange={(e) => {
              const name = e.currentTarget.value;
              setForm((f) => ({ ...f, name }));
            }}
            error={fieldError('name')}
            data-autofocus
          />
          <Select
            label={t('venues.timeZone')}
            data={TIME_ZONES as string[]}
            searchable
            allowDeselect={false}
            value={form.time_zone}
            onChange={(v) => v && setForm((f) => ({ ...f, time_zone: v }))}
            error={fieldError('time_zone')}
          />
          <Select
            label={t('venues.integration')}
            description={t('venues.integrationHint')}
            data={INTEGRATIONS.map((i) => ({
              value: i,
              label: t(`venues.integration.${i}` as MessageKey),
            }))}
            allowDeselect={false}
            value={form.integration}
            onChange={(v) => v && setForm((f) => ({ ...f, integration: v as Integration }))}
            error={fieldError('integration')}
          />
          <FormActions
            general={formError(['name', 'time_zone', 'integration'])}
            busy={busy}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
