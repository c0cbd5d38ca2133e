// The guest's personal data, editable by roles with guests.write. A refused save keeps what
// was typed and shows the server's message under the field it concerns.
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import type { Guest } from './types.ts';

const TEXT_FIELDS = [
  'last_name',
  'first_name',
  'middle_name',
  'phone',
  'email',
  'external_id',
] as const;
const FIELDS = [...TEXT_FIELDS, 'birthday', 'sex', 'consent_marketing'];

type Form = Record<(typeof TEXT_FIELDS)[number], string> & {
  birthday: string | null;
  sex: string | null;
  consent_marketing: boolean;
};

const formOf = (g: Guest): Form => ({
  last_name: g.last_name ?? '',
  first_name: g.first_name ?? '',
  middle_name: g.middle_name ?? '',
  phone: g.phone ?? '',
  email: g.email ?? '',
  external_id: g.external_id ?? '',
  birthday: g.birthday,
  sex: g.sex,
  consent_marketing: g.consent_marketing,
});

export function ProfileForm({ guest, onSaved }: { guest: Guest; onSaved: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const editable = can('guests.write');
  const [form, setForm] = useState<Form>(() => formOf(guest));
  const [saved, setSaved] = useState(false);
  const { submit, busy, fieldError, formError } = useSubmit();
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };

  const save = async () => {
    const body = {
      ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, form[k].trim() || null])),
      birthday: form.birthday || null,
      sex: (form.sex as 'male' | 'female' | null) || null,
      consent_marketing: form.consent_marketing,
    };
    const ok = await submit(() =>
      unwrap(
        api.PATCH('/api/admin/v1/guests/{id}', {
          params: { path: { id: String(guest.id) } },
          body,
        }),
      ),
    );
    if (ok !== undefined) {
      setSaved(true);
      onSaved();
    }
  };

  const general = formError(FIELDS);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {TEXT_FIELDS.map((k) => (
          <TextInput
            key={k}
            label={t(`guest.${k}` as MessageKey)}
            value={form[k]}
            readOnly={!editable}
            error={fieldError(k)}
            onChange={(e) => set(k, e.currentTarget.value)}
          />
        ))}
        <DateInput
          label={t('guest.birthday')}
          value={form.birthday}
          onChange={(v) => set('birthday', v)}
          valueFormat="DD.MM.YYYY"
          clearable
          readOnly={!editable}
          error={fieldError('birthday')}
        />
        <Select
          label={t('guest.sex')}
          value={form.sex}
          onChange={(v) => set('sex', v)}
          data={[
            { value: 'female', label: t('guest.female') },
            { value: 'male', label: t('guest.male') },
          ]}
          clearable
          readOnly={!editable}
          error={fieldError('sex')}
        />
        <Checkbox
          mt="lg"
          label={t('guest.consent')}
          checked={form.consent_marketing}
          disabled={!editable}
          onChange={(e) => set('consent_marketing', e.currentTarget.checked)}
        />
      </SimpleGrid>
      {general && (
        <Alert color="red" role="alert" mt="md">
          {t('form.failed', { message: general })}
        </Alert>
      )}
      {editable && (
        <Group justify="flex-end" mt="md">
          {saved && <span role="status">{t('form.saved')}</span>}
          <Button type="submit" loading={busy}>
            {t('form.save')}
          </Button>
        </Group>
      )}
    </form>
  );
}
