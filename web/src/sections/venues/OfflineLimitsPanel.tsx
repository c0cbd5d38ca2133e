// Soft-offline limits of a restaurant's FarCards address: what a check the cash server could not
// post at once, and posts later, may still do — how old it may be, how much one card may pay in
// it, and in one day of such checks. Each field with its explanation beside it; empty is no
// limit. integration.write edits; other readers see the limits.
import { useState } from 'react';
import { NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { MoneyInput } from '../../ui/amounts.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';

/** Hours and kopecks; an absent limit is no limit. */
export interface OfflineLimits {
  maxAgeHours?: number;
  maxPerCheck?: number;
  maxPerCardPerDay?: number;
}
const KEYS = ['maxAgeHours', 'maxPerCheck', 'maxPerCardPerDay'] as const;
type Form = Record<(typeof KEYS)[number], number | null>;

const formOf = (l: OfflineLimits): Form =>
  Object.fromEntries(KEYS.map((k) => [k, l[k] ?? null])) as Form;
const limitsOf = (f: Form): OfflineLimits =>
  Object.fromEntries(KEYS.filter((k) => f[k] !== null).map((k) => [k, f[k]]));

export function OfflineLimitsPanel(props: { restaurant: string; limits: OfflineLimits }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const writable = can('integration.write');
  const [saved, setSaved] = useState(() => formOf(props.limits));
  const [form, setForm] = useState(saved);
  const [done, setDone] = useState(false);
  const { submit, busy, fieldError, formError, reset } = useSubmit();
  const dirty = KEYS.some((k) => form[k] !== saved[k]);
  const set = (k: keyof Form, v: number | null) => {
    setDone(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const save = async () => {
    const answer = await submit(() =>
      unwrap<OfflineLimits>(
        api.PUT('/api/admin/v1/rkeeper/restaurants/{id}/farcards/offline-limits', {
          params: { path: { id: props.restaurant } },
          body: limitsOf(form),
        }),
      ),
    );
    if (answer) {
      setSaved(formOf(answer));
      setForm(formOf(answer));
      setDone(true);
    }
  };
  const field = (k: keyof Form) => {
    const common = {
      label: t(`offline.${k}` as MessageKey),
      placeholder: t('offline.none'),
      readOnly: !writable,
      error: fieldError(k),
    };
    return k === 'maxAgeHours' ? (
      <NumberInput
        {...common}
        suffix={t('offline.hoursSuffix')}
        min={0}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        value={form[k] ?? ''}
        onChange={(x) => set(k, x === '' ? null : Number(x))}
      />
    ) : (
      <MoneyInput {...common} value={form[k]} onChange={(v) => set(k, v)} />
    );
  };

  return (
    <form
      noValidate
      data-testid="offline-limits"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack>
        <Title order={3} size="h5">
          {t('offline.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('offline.help')}
        </Text>
        {KEYS.map((k) => (
          <SimpleGrid key={k} cols={{ base: 1, sm: 2 }} spacing="md">
            {field(k)}
            <Text size="sm" c="dimmed" pt={{ base: 0, sm: 24 }}>
              {t(`offline.${k}.help` as MessageKey)}
            </Text>
          </SimpleGrid>
        ))}
        {writable && (
          <SaveBar
            dirty={dirty}
            busy={busy}
            saved={done}
            general={formError(KEYS)}
            onReset={() => {
              reset();
              setForm(saved);
            }}
          />
        )}
      </Stack>
    </form>
  );
}
