// A promotion's editor: what it gives (privileges), to whom and for what (conditions), when
// (dates, weekdays, hours) and how much it may cost (budgets, with what is already spent).
// One Save at the bottom; a refusal keeps everything typed and shows each reason at its field.
import { useState, type ReactNode } from 'react';
import {
  ActionIcon,
  Button,
  Chip,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { MoneyInput, PercentInput } from '../../ui/amounts.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { LoadError, Loading, Notice } from '../../ui/status.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import {
  blankPrivilege,
  hhmm,
  minutesOf,
  PRIVILEGE_TYPES,
  promotionBody,
  type Conditions,
  type Privilege,
  type PrivilegeType,
  type Promotion,
  type Rank,
} from './model.ts';
import { budgetTexts, dayNames } from './promotion-text.ts';
import { useProgramObjects } from './PromotionsTab.tsx';

type Draft = Omit<Promotion, 'id'>;

const EMPTY: Draft = {
  name: '',
  kind: 'regular',
  active: true,
  conditions: {},
  privileges: [{ type: 'discount_percent', bp: 1000 }],
};

export function PromotionEditor() {
  const { id } = useParams();
  const data = useProgramObjects();
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const existing = id === 'new' ? null : data.data.promotions.find((p) => p.id === id);
  if (existing === undefined) return <Notice kind="notFound" />;
  return (
    <PromotionForm
      key={id}
      id={existing?.id ?? null}
      initial={existing ?? EMPTY}
      ranks={data.data.ranks}
      restaurants={data.data.restaurants}
    />
  );
}

function PromotionForm(props: {
  id: string | null;
  initial: Draft;
  ranks: Rank[];
  restaurants: { id: number; name: string }[];
}) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [p, setP] = useState<Draft>(props.initial);
  const { submit, busy, fieldError, formError } = useSubmit();
  const readOnly = !can('program.write');
  const c = p.conditions;
  const setC = (patch: Partial<Conditions>) =>
    setP((x) => ({ ...x, conditions: { ...x.conditions, ...patch } }));
  const setBudget = (k: 'total' | 'perDay' | 'perGuest' | 'perGuestUses', v: number | null) =>
    setP((x) => ({ ...x, budget: { ...x.budget, [k]: v ?? undefined } }));
  const setPrivilege = (i: number, next: Privilege | null) =>
    setP((x) => ({
      ...x,
      privileges: next
        ? x.privileges.map((old, j) => (j === i ? next : old))
        : x.privileges.filter((_, j) => j !== i),
    }));
  // Engine reasons name privileges[0].bp; the schema's, privileges.0.bp.
  const err = (path: string) => fieldError(path) ?? fieldError(path.replace(/\[(\d+)\]/g, '.$1'));
  const [hours, setHours] = useState({
    from: c.hours ? hhmm(c.hours.from) : '',
    to: c.hours ? hhmm(c.hours.to) : '',
  });
  const hoursBad =
    (hours.from || hours.to) && (minutesOf(hours.from) === null || minutesOf(hours.to) === null);

  const save = async () => {
    if (hoursBad) return;
    const from = minutesOf(hours.from);
    const to = minutesOf(hours.to);
    const draft: Draft = {
      ...p,
      conditions: { ...c, hours: from !== null && to !== null ? { from, to } : undefined },
    };
    const body = promotionBody(draft);
    const ok = await submit(() =>
      unwrap(
        props.id
          ? api.PUT('/api/admin/v1/program/promotions/{id}', {
              params: { path: { id: props.id } },
              body,
            })
          : api.POST('/api/admin/v1/program/promotions', { body }),
      ),
    );
    if (ok !== undefined) navigate('/program/promotions');
  };
  const remove = async () => {
    if (!props.id || !window.confirm(t('promo.confirmDelete', { name: p.name }))) return;
    const ok = await submit(() =>
      unwrap(
        api.DELETE('/api/admin/v1/program/promotions/{id}', {
          params: { path: { id: props.id as string } },
        }),
      ),
    );
    if (ok !== undefined) navigate('/program/promotions');
  };
  const shown = ['name', 'kind', 'priority', 'privileges', 'conditions', 'budget'];
  const usage = budgetTexts(p.budget, props.initial.usage, t, lang);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack maw={960}>
          <Text fw={700} size="lg">
            {props.id ? t('promo.editTitle', { name: props.initial.name }) : t('promo.add')}
          </Text>
          <Section legend={t('promo.s.main')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('promo.name')}
                required
                value={p.name}
                onChange={(e) => setP({ ...p, name: e.currentTarget.value })}
                error={err('name')}
              />
              <Select
                label={t('promo.kind')}
                data={(['regular', 'registration_bonus'] as const).map((k) => ({
                  value: k,
                  label: t(`promo.kind.${k}`),
                }))}
                value={p.kind}
                allowDeselect={false}
                onChange={(v) => v && setP({ ...p, kind: v as Draft['kind'] })}
                error={err('kind')}
              />
              <NumberInput
                label={t('promo.priority')}
                description={t('promo.priority.help')}
                value={p.priority ?? 0}
                allowDecimal={false}
                min={-1000}
                max={1000}
                onChange={(v) => setP({ ...p, priority: v === '' ? undefined : Number(v) })}
                error={err('priority')}
              />
              <Switch
                mt="xl"
                label={t('promo.activeSwitch')}
                checked={p.active}
                onChange={(e) => setP({ ...p, active: e.currentTarget.checked })}
              />
            </SimpleGrid>
          </Section>

          <Section legend={t('promo.privileges')} error={err('privileges')}>
            {p.privileges.map((pr, i) => (
              <PrivilegeRow
                key={i}
                index={i}
                value={pr}
                onChange={(next) => setPrivilege(i, next)}
                error={(k) => err(`privileges[${i}].${k}`)}
              />
            ))}
            <Group>
              <Button
                variant="light"
                onClick={() =>
                  setP({ ...p, privileges: [...p.privileges, blankPrivilege('bonus_percent')] })
                }
              >
                {t('promo.addPrivilege')}
              </Button>
            </Group>
          </Section>

          <Section legend={t('promo.conditions')} help={t('promo.conditions.help')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TagsInput
                label={t('promo.c.items')}
                description={t('promo.c.items.help')}
                placeholder={t('program.idsPlaceholder')}
                value={c.items ?? []}
                onChange={(v) => setC({ items: v })}
                error={err('conditions.items')}
              />
              <TagsInput
                label={t('promo.c.categories')}
                placeholder={t('program.idsPlaceholder')}
                value={c.categories ?? []}
                onChange={(v) => setC({ categories: v })}
                error={err('conditions.categories')}
              />
              <MoneyInput
                label={t('promo.c.minSum')}
                value={c.minSum ?? null}
                onChange={(v) => setC({ minSum: v ?? undefined })}
                error={err('conditions.minSum')}
              />
              <NumberInput
                label={t('promo.c.minQuantity')}
                value={c.minQuantity ? c.minQuantity / 1000 : ''}
                min={0}
                decimalScale={3}
                decimalSeparator=","
                onChange={(v) =>
                  setC({ minQuantity: v === '' ? undefined : Math.round(Number(v) * 1000) })
                }
                error={err('conditions.minQuantity')}
              />
              <MultiSelect
                label={t('promo.c.restaurants')}
                placeholder={c.restaurants?.length ? undefined : t('promo.c.any')}
                data={props.restaurants.map((r) => ({ value: String(r.id), label: r.name }))}
                value={c.restaurants ?? []}
                onChange={(v) => setC({ restaurants: v })}
                error={err('conditions.restaurants')}
              />
              <MultiSelect
                label={t('promo.c.ranks')}
                placeholder={c.ranks?.length ? undefined : t('promo.c.any')}
                data={props.ranks.map((r) => ({ value: r.id, label: r.name }))}
                value={c.ranks ?? []}
                onChange={(v) => setC({ ranks: v })}
                error={err('conditions.ranks')}
              />
              <TextInput
                label={t('promo.c.promoCode')}
                description={t('promo.c.promoCode.help')}
                value={c.promoCode ?? ''}
                onChange={(e) => setC({ promoCode: e.currentTarget.value })}
                error={err('conditions.promoCode')}
              />
              <Stack gap={6}>
                <Switch
                  label={t('promo.c.birthday')}
                  checked={c.birthday !== undefined}
                  onChange={(e) =>
                    setC({
                      birthday: e.currentTarget.checked
                        ? { daysBefore: 3, daysAfter: 3 }
                        : undefined,
                    })
                  }
                />
                {c.birthday && (
                  <Group grow>
                    <NumberInput
                      label={t('promo.c.daysBefore')}
                      value={c.birthday.daysBefore}
                      min={0}
                      max={31}
                      allowDecimal={false}
                      onChange={(v) =>
                        setC({ birthday: { ...c.birthday!, daysBefore: Number(v || 0) } })
                      }
                    />
                    <NumberInput
                      label={t('promo.c.daysAfter')}
                      value={c.birthday.daysAfter}
                      min={0}
                      max={31}
                      allowDecimal={false}
                      onChange={(v) =>
                        setC({ birthday: { ...c.birthday!, daysAfter: Number(v || 0) } })
                      }
                    />
                  </Group>
                )}
                {err('conditions.birthday') && (
                  <Text c="red" size="xs">
                    {err('conditions.birthday')}
                  </Text>
                )}
              </Stack>
            </SimpleGrid>
          </Section>

          <Section legend={t('promo.s.schedule')} help={t('promo.s.schedule.help')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateInput
                label={t('promo.c.dateFrom')}
                valueFormat="DD.MM.YYYY"
                clearable
                value={c.dateFrom ?? null}
                onChange={(v) => setC({ dateFrom: v ?? undefined })}
                error={err('conditions.dateFrom')}
              />
              <DateInput
                label={t('promo.c.dateTo')}
                valueFormat="DD.MM.YYYY"
                clearable
                value={c.dateTo ?? null}
                onChange={(v) => setC({ dateTo: v ?? undefined })}
                error={err('conditions.dateTo')}
              />
            </SimpleGrid>
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('promo.c.days')}
              </Text>
              <Chip.Group
                multiple
                value={(c.daysOfWeek ?? []).map(String)}
                onChange={(v) => setC({ daysOfWeek: v.map(Number).sort() })}
              >
                <Group gap="xs">
                  {dayNames(lang).map((d, i) => (
                    <Chip key={d} value={String(i + 1)} size="sm">
                      {d}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              {err('conditions.daysOfWeek') && (
                <Text c="red" size="xs">
                  {err('conditions.daysOfWeek')}
                </Text>
              )}
            </Stack>
            <SimpleGrid cols={{ base: 2 }}>
              <TextInput
                label={t('promo.c.hoursFrom')}
                placeholder="12:00"
                value={hours.from}
                onChange={(e) => setHours({ ...hours, from: e.currentTarget.value })}
                error={hoursBad ? t('promo.c.hoursBad') : err('conditions.hours')}
              />
              <TextInput
                label={t('promo.c.hoursTo')}
                placeholder="16:00"
                value={hours.to}
                onChange={(e) => setHours({ ...hours, to: e.currentTarget.value })}
              />
            </SimpleGrid>
          </Section>

          <Section legend={t('promo.budget')} help={t('promo.budget.help')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MoneyInput
                label={t('promo.b.total')}
                placeholder={t('promo.b.unlimited')}
                value={p.budget?.total ?? null}
                onChange={(v) => setBudget('total', v)}
                error={err('budget.total')}
              />
              <MoneyInput
                label={t('promo.b.perDay')}
                placeholder={t('promo.b.unlimited')}
                value={p.budget?.perDay ?? null}
                onChange={(v) => setBudget('perDay', v)}
                error={err('budget.perDay')}
              />
              <MoneyInput
                label={t('promo.b.perGuest')}
                placeholder={t('promo.b.unlimited')}
                value={p.budget?.perGuest ?? null}
                onChange={(v) => setBudget('perGuest', v)}
                error={err('budget.perGuest')}
              />
              <NumberInput
                label={t('promo.b.perGuestUses')}
                placeholder={t('promo.b.unlimited')}
                value={p.budget?.perGuestUses ?? ''}
                min={0}
                allowDecimal={false}
                onChange={(v) => setBudget('perGuestUses', v === '' ? null : Number(v))}
                error={err('budget.perGuestUses')}
              />
            </SimpleGrid>
            {usage.length > 0 && (
              <Stack gap={2} data-testid="budget-usage">
                <Text size="sm" fw={500}>
                  {t('promo.b.usage')}
                </Text>
                {usage.map((u) => (
                  <Text size="sm" key={u}>
                    {u}
                  </Text>
                ))}
              </Stack>
            )}
          </Section>

          {!readOnly && (
            <Paper withBorder p="sm" radius="md" className="sticky-actions">
              <FormActions
                general={formError(shown)}
                busy={busy}
                onCancel={() => navigate('/program/promotions')}
              />
              {props.id && (
                <Group justify="flex-start">
                  <Button variant="subtle" color="red" onClick={() => void remove()}>
                    {t('promo.delete')}
                  </Button>
                </Group>
              )}
            </Paper>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

function Section(props: {
  legend: string;
  help?: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <Fieldset legend={props.legend}>
      <Stack>
        {props.help && (
          <Text size="sm" c="dimmed">
            {props.help}
          </Text>
        )}
        {props.children}
        {props.error && (
          <Text c="red" size="sm" role="alert">
            {props.error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}

const VALUE_LABEL: Record<PrivilegeType, MessageKey> = {
  discount_percent: 'promo.p.discount_percent',
  discount_fixed: 'promo.p.discount_fixed',
  bonus_percent: 'promo.p.bonus_percent',
  bonus_fixed: 'promo.p.bonus_fixed',
  multiplier: 'promo.p.multiplier',
  gift: 'promo.p.gift',
  fixed_price: 'promo.p.fixed_price',
};

function PrivilegeRow(props: {
  index: number;
  value: Privilege;
  onChange: (p: Privilege | null) => void;
  error: (key: string) => string | undefined;
}) {
  const { t } = useI18n();
  const p = props.value;
  const n = props.index + 1;
  const set = (patch: Partial<Privilege>) => props.onChange({ ...p, ...patch } as Privilege);
  const label = t('promo.p.value');
  let value: ReactNode;
  switch (p.type) {
    case 'discount_percent':
    case 'bonus_percent':
      value = (
        <PercentInput
          label={label}
          value={p.bp}
          onChange={(v) => set({ bp: v ?? 0 })}
          error={props.error('bp')}
        />
      );
      break;
    case 'discount_fixed':
      value = (
        <MoneyInput
          label={label}
          value={p.amount}
          onChange={(v) => set({ amount: v ?? 0 })}
          error={props.error('amount')}
        />
      );
      break;
    case 'bonus_fixed':
      value = (
        <NumberInput
          label={t('promo.p.points')}
          value={p.points / 100}
          min={0}
          decimalScale={2}
          decimalSeparator=","
          thousandSeparator=" "
          onChange={(v) => set({ points: Math.round(Number(v || 0) * 100) })}
          error={props.error('points')}
        />
      );
      break;
    case 'multiplier':
      value = (
        <NumberInput
          label={t('promo.p.factor')}
          prefix="×"
          value={p.factor / 100}
          min={1.01}
          max={10}
          decimalScale={2}
          decimalSeparator=","
          onChange={(v) => set({ factor: Math.round(Number(v || 0) * 100) })}
          error={props.error('factor')}
        />
      );
      break;
    case 'fixed_price':
      value = (
        <MoneyInput
          label={t('promo.p.price')}
          value={p.price}
          onChange={(v) => set({ price: v ?? 0 })}
          error={props.error('price')}
        />
      );
      break;
    case 'gift':
      value = (
        <Group grow align="flex-start">
          <TextInput
            label={t('promo.p.giftItem')}
            value={p.itemId}
            onChange={(e) => set({ itemId: e.currentTarget.value })}
            error={props.error('itemId')}
          />
          <NumberInput
            label={t('promo.p.giftQty')}
            value={p.quantity / 1000}
            min={0}
            decimalScale={3}
            decimalSeparator=","
            onChange={(v) => set({ quantity: Math.round(Number(v || 0) * 1000) })}
            error={props.error('quantity')}
          />
          <MoneyInput
            label={t('promo.p.giftValue')}
            value={p.value}
            onChange={(v) => set({ value: v ?? 0 })}
            error={props.error('value')}
          />
        </Group>
      );
      break;
  }
  return (
    <Group align="flex-start" wrap="wrap" data-testid="privilege">
      <Select
        label={t('promo.p.type', { n })}
        w={260}
        data={PRIVILEGE_TYPES.map((x) => ({ value: x, label: t(VALUE_LABEL[x]) }))}
        value={p.type}
        allowDeselect={false}
        onChange={(v) => v && props.onChange(blankPrivilege(v as PrivilegeType))}
      />
      <div style={{ flex: 1, minWidth: 200 }}>{value}</div>
      <ActionIcon
        mt={26}
        variant="subtle"
        color="red"
        size="lg"
        aria-label={t('promo.p.remove', { n })}
        onClick={() => props.onChange(null)}
      >
        ×
      </ActionIcon>
    </Group>
  );
}
