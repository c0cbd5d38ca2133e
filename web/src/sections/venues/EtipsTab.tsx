// Чаевые: a venue's e-tips service — its name, the link template of a recipient's page, the
// venue's own recipient, where the link shows — its waiters' recipients, and the link with
// its QR code as the receipt carries it. program.write edits (as for the receipt footer the
// link prints in); other roles read.
import { useState } from 'react';
import { Button, Group, Paper, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { api } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { EtipsWaiters } from './EtipsWaiters.tsx';
import { TipsPreview } from './TipsPreview.tsx';
import { VenueSelect, useVenues } from './VenuePicker.tsx';

type EtipsList = Answer<'listEtips'>;
export type VenueTips = EtipsList['rows'][number];
type Form = Pick<
  VenueTips,
  'enabled' | 'service_name' | 'link_template' | 'recipient' | 'on_receipt' | 'on_guest_page'
>;
const TEXTS = ['service_name', 'link_template', 'recipient'] as const;
const SWITCHES = ['on_receipt', 'on_guest_page'] as const;
const FIELDS = [...TEXTS, ...SWITCHES, 'enabled'] as const;

const EMPTY: Form = {
  enabled: true,
  service_name: '',
  link_template: '',
  recipient: '',
  on_receipt: true,
  on_guest_page: true,
};
const formOf = (v: VenueTips | null): Form =>
  v ? (Object.fromEntries(FIELDS.map((k) => [k, v[k]])) as Form) : EMPTY;
const sameForm = (a: Form, b: Form) => FIELDS.every((k) => a[k] === b[k]);

export function EtipsTab() {
  const venues = useVenues();
  const tips = useLoad(() => unwrap<EtipsList>(api.GET('/api/admin/v1/etips')), []);
  if (venues.venues.error !== undefined) return <LoadError error={venues.venues.error} />;
  if (tips.error !== undefined) return <LoadError error={tips.error} retry={tips.reload} />;
  if (!venues.id || !tips.data) return <Loading />;
  const saved = tips.data.rows.find((r) => String(r.restaurant_id) === venues.id) ?? null;
  return (
    <Stack>
      <VenueSelect list={venues.list} value={venues.id} onChange={venues.choose} />
      {/* Another venue is another form: what was typed for one is not carried to the next. */}
      <VenueEtips key={venues.id} restaurant={venues.id} saved={saved} onChange={tips.reload} />
    </Stack>
  );
}

function VenueEtips(props: { restaurant: string; saved: VenueTips | null; onChange: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const writable = can('program.write');
  const [current, setCurrent] = useState(props.saved);
  const [form, setForm] = useState(() => formOf(props.saved));
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [previewOf, setPreviewOf] = useState('');
  const { submit, busy, fieldError, formError, reset } = useSubmit();
  const dirty = !sameForm(form, formOf(current));
  const path = { params: { path: { id: props.restaurant } } };

  const changed = (v: VenueTips | null) => {
    setCurrent(v);
    props.onChange();
  };
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const save = async () => {
    const answer = await submit(() =>
      unwrap<VenueTips>(api.PUT('/api/admin/v1/etips/restaurants/{id}', { ...path, body: form })),
    );
    if (answer) {
      changed(answer);
      setForm(formOf(answer));
      setSaved(true);
    }
  };

  return (
    <Stack>
      <Text c="dimmed" size="sm" maw={820}>
        {t('etips.help')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" radius="md">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <Stack>
              <Text fw={600}>{t('etips.service')}</Text>
              {!current && <Text c="dimmed">{t('etips.notSet')}</Text>}
              <Switch
                label={t('etips.enabled')}
                description={t('etips.enabledHint')}
                checked={form.enabled}
                disabled={!writable}
                onChange={(e) => set('enabled', e.currentTarget.checked)}
              />
              {TEXTS.map((k) => (
                <TextInput
                  key={k}
                  label={t(`etips.${k}` as MessageKey)}
                  description={t(`etips.${k}Hint` as MessageKey)}
                  placeholder={
                    k === 'link_template' ? 'https://pay.cloudtips.ru/p/{recipient}' : undefined
                  }
                  required
                  value={form[k]}
                  readOnly={!writable}
                  onChange={(e) => set(k, e.currentTarget.value)}
                  error={fieldError(k)}
                />
              ))}
              {SWITCHES.map((k) => (
                <Switch
                  key={k}
                  label={t(`etips.${k}` as MessageKey)}
                  checked={form[k]}
                  disabled={!writable}
                  onChange={(e) => set(k, e.currentTarget.checked)}
                />
              ))}
              {writable && (
                <SaveBar
                  dirty={dirty}
                  busy={busy}
                  saved={saved}
                  general={formError(FIELDS)}
                  onReset={() => {
                    reset();
                    setForm(formOf(current));
                  }}
                />
              )}
              {writable && current && (
                <Group justify="flex-end">
                  <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                    {t('etips.delete')}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        </Paper>
        {current && <TipsPreview tips={current} of={previewOf} onOf={setPreviewOf} dirty={dirty} />}
      </SimpleGrid>
      {current && (
        <EtipsWaiters
          restaurant={props.restaurant}
          tips={current}
          onChange={changed}
          onShow={setPreviewOf}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('etips.delete')}
          warning={t('etips.deleteWarning')}
          action={t('venues.delete')}
          danger
          run={() => unwrap(api.DELETE('/api/admin/v1/etips/restaurants/{id}', path))}
          onClose={() => setDeleting(false)}
          onDone={() => {
            setDeleting(false);
            setPreviewOf('');
            setForm(EMPTY);
            changed(null);
          }}
        />
      )}
    </Stack>
  );
}
