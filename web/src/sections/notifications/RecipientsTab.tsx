// Получатели: seed 003's notification types, each with its list of addresses («Новый e-mail»,
// «Добавить»), the birthday list's period and its immediate test, the letters' language, and
// the thresholds of unusual deposit spending. One Save at the bottom right; a refusal keeps the
// lists as typed and marks the address the server refused.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { MoneyInput } from '../../ui/amounts.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { EmailList } from './EmailList.tsx';

const TYPES = ['birthdays', 'reviews', 'security', 'news', 'maintenance'] as const;
type NotificationType = (typeof TYPES)[number];

interface Settings {
  locale: 'ru' | 'en';
  recipients: Record<NotificationType, string[]>;
  birthday_every_days: number;
  unusual_deposit_debit: number | null;
  unusual_deposit_day: number | null;
  updated_at: string | null;
}
type Draft = Omit<Settings, 'updated_at' | 'birthday_every_days'> & {
  birthday_every_days: number | string;
};

const draftOf = (s: Settings): Draft => ({
  locale: s.locale,
  recipients: { ...s.recipients },
  birthday_every_days: s.birthday_every_days,
  unusual_deposit_debit: s.unusual_deposit_debit,
  unusual_deposit_day: s.unusual_deposit_day,
});

/** The server's message for anything under `prefix` (recipients.birthdays.2 → the list's third). */
function problemsUnder(failure: unknown, prefix: string): { path: string; message: string }[] {
  if (!(failure instanceof ApiFailure)) return [];
  return failure.problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`));
}

export function RecipientsTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const editable = can('org.write');
  const stored = useLoad(
    () => unwrap<Settings>(api.GET('/api/admin/v1/notifications/settings')),
    [],
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useSubmit();
  useEffect(() => setDraft(stored.data ? draftOf(stored.data) : null), [stored.data]);
  if (stored.error !== undefined) return <LoadError error={stored.error} retry={stored.reload} />;
  if (!stored.data || !draft) return <Loading />;
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(stored.data));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, [k]: v } : d));
  };
  const setList = (type: NotificationType, list: string[]) =>
    set('recipients', { ...draft.recipients, [type]: list });

  const onSave = async () => {
    const every = draft.birthday_every_days;
    const answer = await save.submit(() =>
      unwrap<Settings>(
        api.PUT('/api/admin/v1/notifications/settings', {
          body: {
            locale: draft.locale,
            recipients: draft.recipients,
            // An emptied field goes as 0 so that the server says what it takes.
            birthday_every_days: every === '' ? 0 : Number(every),
            unusual_deposit_debit: draft.unusual_deposit_debit,
            unusual_deposit_day: draft.unusual_deposit_day,
          },
        }),
      ),
    );
    if (answer) {
      setSaved(true);
      stored.reload();
    }
  };
  const fields = [
    'locale',
    'recipients',
    'birthday_every_days',
    'unusual_deposit_debit',
    'unusual_deposit_day',
  ];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      <Stack>
        <Text c="dimmed" maw={760}>
          {t('notify.help')}
        </Text>
        {TYPES.map((type) => (
          <Paper key={type} withBorder p="md" radius="md" data-testid={`recipients-${type}`}>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t(`notify.type.${type}` as MessageKey)}
              </Title>
              <Text size="sm" c="dimmed" maw={760}>
                {t(`notify.type.${type}.help` as MessageKey)}
              </Text>
              <EmailList
                label={t(`notify.type.${type}` as MessageKey)}
                value={draft.recipients[type]}
                onChange={(list) => setList(type, list)}
                readOnly={!editable}
                problems={problemsUnder(save.failure, `recipients.${type}`)}
              />
              {type === 'birthdays' && (
                <BirthdayControls
                  every={draft.birthday_every_days}
                  onEvery={(v) => set('birthday_every_days', v)}
                  error={save.fieldError('birthday_every_days')}
                  editable={editable}
                  dirty={dirty}
                />
              )}
            </Stack>
          </Paper>
        ))}
        <Paper withBorder p="md" radius="md" data-testid="unusual-spending">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('notify.unusual')}
            </Title>
            <Text size="sm" c="dimmed" maw={760}>
              {t('notify.unusual.help')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MoneyInput
                label={t('notify.unusual.debit')}
                description={t('notify.unusual.empty')}
                value={draft.unusual_deposit_debit}
                onChange={(v) => set('unusual_deposit_debit', v === 0 ? null : v)}
                readOnly={!editable}
                error={save.fieldError('unusual_deposit_debit')}
              />
              <MoneyInput
                label={t('notify.unusual.day')}
                description={t('notify.unusual.empty')}
                value={draft.unusual_deposit_day}
                onChange={(v) => set('unusual_deposit_day', v === 0 ? null : v)}
                readOnly={!editable}
                error={save.fieldError('unusual_deposit_day')}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Select
            label={t('notify.locale')}
            description={t('notify.locale.help')}
            data={[
              { value: 'ru', label: 'Русский' },
              { value: 'en', label: 'English' },
            ]}
            value={draft.locale}
            allowDeselect={false}
            readOnly={!editable}
            onChange={(v) => v && set('locale', v as 'ru' | 'en')}
            error={save.fieldError('locale')}
            w={{ base: '100%', xs: 240 }}
          />
        </Paper>
        {editable && (
          <SaveBar
            dirty={dirty}
            busy={save.busy}
            saved={saved}
            general={save.formError(fields)}
            onReset={() => {
              save.reset();
              setDraft(draftOf(stored.data!));
            }}
          />
        )}
      </Stack>
    </form>
  );
}

/** The birthday list's period and «Немедленно отправить тестовое напоминание» (saved lists). */
function BirthdayControls(props: {
  every: number | string;
  onEvery: (v: number | string) => void;
  error: string | undefined;
  editable: boolean;
  dirty: boolean;
}) {
  const { t } = useI18n();
  const test = useSubmit();
  const [outcome, setOutcome] = useState<{ letters: number; guests: number } | null>(null);
  const send = async () => {
    setOutcome(null);
    const r = await test.submit(() =>
      unwrap<{ letters: number; guests: number }>(
        api.POST('/api/admin/v1/notifications/birthdays/test'),
      ),
    );
    if (r) setOutcome(r);
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="md">
        <NumberInput
          label={t('notify.birthdays.every')}
          description={t('notify.birthdays.everyHelp')}
          value={props.every}
          onChange={props.onEvery}
          min={1}
          max={365}
          allowDecimal={false}
          clampBehavior="none"
          readOnly={!props.editable}
          error={props.error}
          w={{ base: '100%', xs: 260 }}
        />
        {props.editable && (
          <Button variant="default" loading={test.busy} onClick={() => void send()}>
            {t('notify.birthdays.test')}
          </Button>
        )}
      </Group>
      {props.editable && props.dirty && (
        <Text size="xs" c="dimmed">
          {t('notify.birthdays.testSaved')}
        </Text>
      )}
      {outcome && (
        <Alert
          color={outcome.letters > 0 ? 'teal' : 'yellow'}
          role="status"
          data-testid="birthday-test"
        >
          {outcome.letters > 0
            ? t('notify.birthdays.sent', { letters: outcome.letters, guests: outcome.guests })
            : t('notify.birthdays.nobody')}
        </Alert>
      )}
      {test.formError([]) && (
        <Alert color="red" role="alert">
          {test.formError([])}
        </Alert>
      )}
    </Stack>
  );
}
