// Проверка чека: type or paste a check, pick the venue and (optionally) the guest's card, and
// see what the program would do — per line the discount, the accrual and what bonuses may
// pay, and under each line every rule that applied, was blocked or was capped, with why.
// Nothing is recorded: the engine runs dry.
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, unwrap } from '../../api/errors.ts';
import { money, points } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { rowsOf } from '../../ui/lists.ts';
import { Stat } from '../../ui/Stat.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { loadRestaurants } from '../program/OverridesTab.tsx';
import { LinesEditor } from './LinesEditor.tsx';
import { parseCheck, toApiLines, type CheckLine } from './lines.ts';

interface Entry {
  rule: string;
  rule_id: string | null;
  line_no: number | null;
  outcome: 'applied' | 'blocked' | 'capped';
  blocked_by: string | null;
  text_ru: string;
  text_en: string;
}

interface Simulation {
  program_enabled: boolean;
  guest: {
    rank: { name: string; accrual_bp: number; discount_bp: number } | null;
    bonus_balance: number;
    to_next_rank: number | null;
  } | null;
  lines: {
    line_no: number;
    amount: number;
    discount: number;
    to_pay: number;
    accrual: number;
    bonus_payable: number;
    gifts: { item_id?: string; itemId?: string; quantity: number }[];
  }[];
  totals: {
    order_sum: number;
    discount: number;
    to_pay: number;
    accrual: number;
    bonus_payment_base: number;
    max_bonus_payment: number;
    min_fiscal_payment: number;
  };
  explanation: Entry[];
}

const OUTCOME_COLOR = { applied: 'green', blocked: 'red', capped: 'orange' } as const;

/** The settings that decide, in the cabinet's words (the engine names them by id). */
const SETTING_NAMES: Record<string, MessageKey> = {
  L1: 'program.f.enabled',
  L2: 'program.f.maxBonusPayment',
  L3: 'program.f.minFiscalPayment',
  L4: 'program.f.nonSummation',
  L5: 'program.f.itemBlocksCheck',
  L6: 'program.f.bonusPromoLines',
  L11: 'program.g.accrual',
  L12: 'program.g.pos',
  'L12.payment': 'program.f.posNoBonusPayment',
  'L12.accrual': 'program.f.posNoAccrual',
  'L12.promotions': 'program.f.posNoPromotions',
};

/** Other rules and limits that may decide. */
const RULE_NAMES: Record<string, MessageKey> = {
  ...SETTING_NAMES,
  rank: 'check.rule.rank',
  promotion: 'check.rule.promotion',
  balance: 'check.rule.balance',
  budget: 'check.rule.budget',
};

/** Spec ids in the engine's texts ("… (L4)") mean nothing to staff: the badge names the rule. */
const clean = (text: string) =>
  text.replace(/\s*\((L\d+)\)/g, '').replace(/, (позиция|line) \d+(?=:)/, '');

const EMPTY: CheckLine = { code: '', name: '', qty: 1, price: 0 };

export default function CheckPage() {
  const { t, lang } = useI18n();
  const restaurants = useLoad(loadRestaurants, []);
  const [restaurant, setRestaurant] = useState<string | null>(null);
  const [card, setCard] = useState('');
  const [lines, setLines] = useState<CheckLine[]>([{ ...EMPTY }]);
  const [paste, setPaste] = useState('');
  const [result, setResult] = useState<Simulation | null>(null);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (restaurants.error !== undefined)
    return <LoadError error={restaurants.error} retry={restaurants.reload} />;
  if (!restaurants.data) return <Loading />;
  const venue = restaurant ?? (restaurants.data[0] ? String(restaurants.data[0].id) : null);

  const name = (rule: string) => {
    const key = RULE_NAMES[rule];
    return key ? t(key) : rule;
  };
  // A rank's or promotion's own text names it already.
  const ruleName = (e: Entry) => (e.rule === 'rank' || e.rule === 'promotion' ? '' : name(e.rule));
  // What decided, when the text itself does not say it: a setting by its label, a limit by
  // its name. A promotion's unmet condition ('condition:hours') is the text itself.
  const decidedBy = (rule: string | null) => {
    if (!rule) return '';
    const setting = SETTING_NAMES[rule];
    if (setting) return ` — ${t('check.decidedBy', { rule: t(setting) })}`;
    const other = RULE_NAMES[rule];
    return other ? ` — ${t('check.limitedBy', { rule: t(other) })}` : '';
  };
  const text = (e: Entry) => clean(lang === 'en' ? e.text_en : e.text_ru) + decidedBy(e.blocked_by);

  const run = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      let cardId: number | undefined;
      if (card.trim()) {
        const found = rowsOf<{
          cards?: { id: number; number: string | null; uid: string | null }[];
        }>(await unwrap(api.GET('/api/admin/v1/guests', { params: { query: { q: card.trim() } } })))
          .flatMap((g) => g.cards ?? [])
          .find((c) => c.number === card.trim() || c.uid === card.trim());
        if (!found) throw new ApiFailure(404, 'card', t('check.noCard', { card }), [], null);
        cardId = found.id;
      }
      const answer = await unwrap<Simulation>(
        api.POST('/api/admin/v1/program/simulate', {
          body: {
            restaurant_id: Number(venue),
            ...(cardId ? { card_id: cardId } : {}),
            lines: toApiLines(lines.filter((l) => l.price > 0 || l.code)),
          },
        } as never),
      );
      setResult(answer);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.check')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('check.intro')}
      </Text>
      <Paper withBorder p="md" radius="md">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('check.venue')}
              data={restaurants.data.map((r) => ({ value: String(r.id), label: r.name }))}
              value={venue}
              onChange={setRestaurant}
              allowDeselect={false}
            />
            <TextInput
              label={t('check.card')}
              description={t('check.card.help')}
              value={card}
              onChange={(e) => setCard(e.currentTarget.value)}
            />
          </SimpleGrid>
          <LinesEditor lines={lines} setLines={setLines} />
          <Group>
            <Button variant="default" onClick={() => setLines((ls) => [...ls, { ...EMPTY }])}>
              {t('check.addLine')}
            </Button>
          </Group>
          <Textarea
            label={t('check.paste')}
            description={t('check.paste.help')}
            value={paste}
            autosize
            minRows={2}
            onChange={(e) => setPaste(e.currentTarget.value)}
          />
          <Group justify="space-between">
            <Button
              variant="default"
              disabled={parseCheck(paste).length === 0}
              onClick={() => {
                setLines(parseCheck(paste));
                setPaste('');
              }}
            >
              {t('check.pasteApply', { n: parseCheck(paste).length })}
            </Button>
            <Button onClick={run} loading={busy}>
              {t('check.run')}
            </Button>
          </Group>
          {failure !== undefined && (
            <Alert color="red" role="alert">
              {failure instanceof Error ? failure.message : String(failure)}
            </Alert>
          )}
        </Stack>
      </Paper>
      {result && (
        <Stack data-testid="check-result">
          {!result.program_enabled && <Alert color="yellow">{t('check.programOff')}</Alert>}
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Stat label={t('check.t.sum')} value={money(result.totals.order_sum)} />
            <Stat label={t('check.t.discount')} value={money(result.totals.discount)} />
            <Stat label={t('check.t.toPay')} value={money(result.totals.to_pay)} />
            <Stat label={t('check.t.accrual')} value={points(result.totals.accrual)} />
            <Stat
              label={t('check.t.bonusPay')}
              value={money(result.totals.max_bonus_payment)}
              hint={t('check.t.bonusBase', { sum: money(result.totals.bonus_payment_base) })}
            />
            <Stat label={t('check.t.fiscal')} value={money(result.totals.min_fiscal_payment)} />
          </SimpleGrid>
          {result.guest && (
            <Text size="sm">
              {t('check.guest', {
                rank: result.guest.rank?.name ?? t('check.noRank'),
                balance: points(result.guest.bonus_balance),
              })}
            </Text>
          )}
          <Title order={2} size="h4">
            {t('check.byLine')}
          </Title>
          {result.lines.map((l) => {
            const input = lines.filter((x) => x.price > 0 || x.code)[l.line_no - 1];
            const entries = result.explanation.filter((e) => e.line_no === l.line_no);
            return (
              <Paper key={l.line_no} withBorder p="sm" radius="md" data-testid="check-line">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={600}>
                    {l.line_no}. {input?.name || input?.code}
                  </Text>
                  <Group gap="md" wrap="wrap">
                    <Text size="sm">{money(l.amount)}</Text>
                    {l.discount > 0 && (
                      <Text size="sm" c="green.9">
                        {t('check.l.discount', { sum: money(l.discount) })}
                      </Text>
                    )}
                    <Text size="sm" fw={600}>
                      {t('check.l.toPay', { sum: money(l.to_pay) })}
                    </Text>
                    <Text size="sm">{t('check.l.accrual', { n: points(l.accrual) })}</Text>
                    <Text size="sm">{t('check.l.bonus', { sum: money(l.bonus_payable) })}</Text>
                  </Group>
                </Group>
                <ExplanationList entries={entries} ruleName={ruleName} text={text} />
              </Paper>
            );
          })}
          {result.explanation.some((e) => e.line_no === null) && (
            <Paper withBorder p="sm" radius="md" data-testid="check-order">
              <Text fw={600}>{t('check.wholeOrder')}</Text>
              <ExplanationList
                entries={result.explanation.filter((e) => e.line_no === null)}
                ruleName={ruleName}
                text={text}
              />
            </Paper>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function ExplanationList({
  entries,
  ruleName,
  text,
}: {
  entries: Entry[];
  ruleName: (e: Entry) => string;
  text: (e: Entry) => string;
}) {
  const { t } = useI18n();
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed" mt={4}>
        {t('check.nothing')}
      </Text>
    );
  return (
    <Stack gap={4} mt="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {entries.map((e, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start" component="li" data-testid="rule">
          <Badge
            color={OUTCOME_COLOR[e.outcome]}
            variant="light"
            miw={104}
            style={{ flexShrink: 0, overflow: 'visible' }}
          >
            {t(`check.outcome.${e.outcome}` as MessageKey)}
          </Badge>
          <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {ruleName(e) && (
              <Text span fw={600} size="sm">
                {ruleName(e)}:{' '}
              </Text>
            )}
            {text(e)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
