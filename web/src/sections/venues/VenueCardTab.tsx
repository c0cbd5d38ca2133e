// The venue card: the restaurant's name and time zone, its unique code (for the till's setup,
// never changes), its POS system and test mode, and what guests see of the place — description,
// city and address, coordinates, average check, logo, contacts.
import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { MoneyInput } from '../../ui/amounts.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { TIME_ZONES } from '../../ui/timeZones.ts';
import { VenueSelect, useVenues } from './VenuePicker.tsx';

const TEXTS = ['city', 'address', 'logo_url', 'contact_phone', 'contact_email'] as const;
const COORDS = ['latitude', 'longitude'] as const;
type Form = Record<
  'name' | 'time_zone' | 'description' | (typeof TEXTS)[number] | (typeof COORDS)[number],
  string
> & { average_check: number | null; sync_with_licensing: boolean };

interface VenueAnswer {
  name: string;
  code: string;
  time_zone: string;
  integration: string;
  test_mode: boolean;
  venue: Record<string, string | number | boolean | null>;
}

function formOf(r: VenueAnswer): Form {
  const v = r.venue;
  const s = (k: string) => (v[k] === null || v[k] === undefined ? '' : String(v[k]));
  return {
    name: r.name,
    time_zone: r.time_zone,
    description: s('description'),
    average_check: typeof v.average_check === 'number' ? v.average_check : null,
    city: s('city'),
    address: s('address'),
    logo_url: s('logo_url'),
    contact_phone: s('contact_phone'),
    contact_email: s('contact_email'),
    latitude: s('latitude'),
    longitude: s('longitude'),
    sync_with_licensing: v.sync_with_licensing === true,
  };
}

export function VenueCardTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const venues = useVenues();
  const card = useLoad(
    () =>
      venues.id
        ? unwrap<VenueAnswer>(
            api.GET('/api/admin/v1/restaurants/{id}', { params: { path: { id: venues.id } } }),
          )
        : Promise.resolve(null),
    [venues.id],
  );
  const [form, setForm] = useState<Form | null>(null);
  const [local, setLocal] = useState<Partial<Record<keyof Form, string>>>({});
  const [saved, setSaved] = useState(false);
  const { submit, busy, fieldError, formError } = useSubmit();
  useEffect(() => setForm(card.data ? formOf(card.data) : null), [card.data]);
  const editable = can('org.write');

  if (venues.venues.error !== undefined) return <LoadError error={venues.venues.error} />;
  if (!card.data || !form)
    return card.error !== undefined ? <LoadError error={card.error} /> : <Loading />;
  const r = card.data;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, [k]: v } : f));
  };
  const errorOf = (k: keyof Form) => local[k] ?? fieldError(k);

  const save = async () => {
    const check: typeof local = {};
    const coord = (k: (typeof COORDS)[number]) => {
      const text = form[k].trim().replace(',', '.');
      if (text === '') return null;
      const n = Number(text);
      if (!Number.isFinite(n)) check[k] = t('venues.numberInvalid');
      return n;
    };
    const latitude = coord('latitude');
    const longitude = coord('longitude');
    setLocal(check);
    if (Object.keys(check).length > 0) return;
    const id = venues.id!;
    const nullable = (s: string) => (s.trim() === '' ? null : s.trim());
    const ok = await submit(async () => {
      if (form.name !== r.name || form.time_zone !== r.time_zone) {
        await unwrap(
          api.PATCH('/api/admin/v1/restaurants/{id}', {
            params: { path: { id } },
            body: { name: form.name, time_zone: form.time_zone },
          }),
        );
      }
      return unwrap(
        api.PATCH('/api/admin/v1/restaurants/{id}/venue', {
          params: { path: { id } },
          body: {
            description: nullable(form.description),
            city: nullable(form.city),
            address: nullable(form.address),
            logo_url: nullable(form.logo_url),
            contact_phone: nullable(form.contact_phone),
            contact_email: nullable(form.contact_email),
            latitude,
            longitude,
            average_check: form.average_check,
            sync_with_licensing: form.sync_with_licensing,
          },
        }),
      );
    });
    if (ok !== undefined) {
      setSaved(true);
      venues.venues.reload();
    }
  };
  const general = formError([
    'name',
    'time_zone',
    'description',
    'average_check',
    ...TEXTS,
    ...COORDS,
  ]);

  return (
    <Stack>
      <VenueSelect list={venues.list} value={venues.id} onChange={venues.choose} />
      <Paper withBorder p="md" radius="md">
        <Group gap="xl" wrap="wrap">
          <div>
            <Text size="xs" c="dimmed">
              {t('venues.code')}
            </Text>
            <Group gap="xs">
              <Text fw={700} ff="monospace" data-testid="venue-code">
                {r.code}
              </Text>
              <CopyButton value={r.code}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" onClick={copy}>
                    {t(copied ? 'venues.copied' : 'venues.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('venues.integration')}
            </Text>
            <Text fw={600}>{t(`venues.integration.${r.integration}` as MessageKey)}</Text>
          </div>
          {r.test_mode && (
            <Badge color="orange" variant="light" title={t('venues.testModeHint')}>
              {t('venues.testMode')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          {t('venues.codeHint')}
        </Text>
      </Paper>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('venues.name')}
              required
              value={form.name}
              readOnly={!editable}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errorOf('name')}
            />
            <Select
              label={t('venues.timeZone')}
              data={TIME_ZONES}
              searchable
              value={form.time_zone}
              readOnly={!editable}
              allowDeselect={false}
              onChange={(v) => v && set('time_zone', v)}
              error={errorOf('time_zone')}
            />
          </SimpleGrid>
          <Textarea
            label={t('venues.description')}
            autosize
            minRows={2}
            value={form.description}
            readOnly={!editable}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={errorOf('description')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {TEXTS.map((k) => (
              <TextInput
                key={k}
                label={t(`venues.${k}` as MessageKey)}
                value={form[k]}
                readOnly={!editable}
                onChange={(e) => set(k, e.currentTarget.value)}
                error={errorOf(k)}
              />
            ))}
            <MoneyInput
              label={t('venues.average_check')}
              value={form.average_check}
              readOnly={!editable}
              onChange={(v) => set('average_check', v)}
              error={errorOf('average_check')}
            />
            {COORDS.map((k) => (
              <TextInput
                key={k}
                label={t(`venues.${k}` as MessageKey)}
                value={form[k]}
                readOnly={!editable}
                onChange={(e) => set(k, e.currentTarget.value)}
                error={errorOf(k)}
                inputMode="decimal"
              />
            ))}
          </SimpleGrid>
          <Switch
            label={t('venues.sync')}
            description={t('venues.syncHint')}
            checked={form.sync_with_licensing}
            disabled={!editable}
            onChange={(e) => set('sync_with_licensing', e.currentTarget.checked)}
          />
          {general && (
            <Alert color="red" role="alert">
              {t('form.failed', { message: general })}
            </Alert>
          )}
          {editable && (
            <Group justify="flex-end">
              {saved && (
                <Text c="teal" role="status">
                  {t('form.saved')}
                </Text>
              )}
              <Button type="submit" loading={busy}>
                {t('form.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
