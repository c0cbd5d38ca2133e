// A new organization with its first owner, and the owner's one-time set-up link, shown once
// with a copy button: the operator hands it over, the owner sets the password, so nobody else
// ever knows it.
import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { SecretOnce } from '../../ui/SecretOnce.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';

export interface SetupLink {
  path: string;
  expires_at: string;
  org: string;
  email: string;
}

interface Created {
  organization: { id: number; name: string };
  owner: { email: string };
  setup: { path: string; expires_at: string };
}

export function NewOrganizationDialog(props: {
  onClose: () => void;
  onDone: (link: SetupLink) => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState({ name: '', email: '', ownerName: '' });
  const { submit, busy, fieldError, formError } = useSubmit();
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: v }));
  };
  const save = async () => {
    const created = await submit(() =>
      unwrap<Created>(
        api.POST('/api/admin/v1/installation/organizations', {
          body: {
            name: form.name.trim(),
            owner: { email: form.email.trim(), name: form.ownerName.trim() },
          },
        }),
      ),
    );
    if (created)
      props.onDone({
        ...created.setup,
        org: created.organization.name,
        email: created.owner.email,
      });
  };
  return (
    <Modal opened onClose={props.onClose} title={t('orgs.add')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput
            label={t('orgs.name')}
            required
            value={form.name}
            onChange={set('name')}
            error={fieldError('name')}
            data-autofocus
          />
          <Text fw={600} size="sm">
            {t('orgs.owner')}
          </Text>
          <TextInput
            label={t('orgs.ownerEmail')}
            type="email"
            required
            value={form.email}
            onChange={set('email')}
            error={fieldError('owner.email')}
          />
          <TextInput
            label={t('orgs.ownerName')}
            required
            value={form.ownerName}
            onChange={set('ownerName')}
            error={fieldError('owner.name')}
            description={t('orgs.ownerHint')}
          />
          <FormActions
            general={formError(['name', 'owner.email', 'owner.name'])}
            busy={busy}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function SetupLinkDialog({ link, onClose }: { link: SetupLink; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const url = `${window.location.origin}${link.path}`;
  return (
    <Modal opened onClose={onClose} title={t('orgs.linkTitle')} size="lg">
      <Stack>
        <SecretOnce
          value={url}
          title={t('orgs.linkOnceTitle')}
          warning={t('orgs.linkOnce', {
            name: link.org,
            email: link.email,
            until: dateTime(link.expires_at, timeZone, lang),
          })}
          testId="setup-link"
        />
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('orgs.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
