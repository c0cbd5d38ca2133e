// A report the server gives as a titled table (demand, ranks, promotions): its heading lines,
// then the columns in the cabinet's language, amounts as «1 234,56 ₽» and shares in per cent.
import { Stack, Table, Text } from '@mantine/core';
import { money } from '../../app/format.ts';
import { useI18n, type Lang, type Translate, type MessageKey } from '../../i18n/index.tsx';
import type { Cell, TableAnswer } from './types.ts';

/** Columns these tables give in roubles (a number with kopecks as its fraction). */
const ROUBLES = new Set([
  'revenue',
  'refunded',
  'deposit_paid',
  'bonus_paid',
  'spend',
  'average_check',
  'cost',
  'threshold',
]);
const isShare = (key: string) => key === 'share' || key.endsWith('_share');

export function cellText(key: string, v: Cell, lang: Lang, t: Translate): string {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'number') return String(v);
  if (ROUBLES.has(key)) return money(Math.round(v * 100));
  const n = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', {
    maximumFractionDigits: 3,
  }).format(v);
  if (isShare(key)) return `${n}\u00a0%`;
  if (key === 'weekday') return t(`reports.weekday.${v}` as MessageKey);
  return n;
}

export function TableReport(props: {
  answer: TableAnswer;
  testId?: string;
  /** The server's heading lines (period, totals); off where the bar above says it all. */
  heading?: boolean;
}) {
  const { answer, testId, heading = true } = props;
  const { t, lang } = useI18n();
  return (
    <Stack gap="xs" data-testid={testId}>
      {heading && (
        <Stack gap={0}>
          {answer.heading.map((h) => (
            <Text key={h} size="sm" c="dimmed">
              {h}
            </Text>
          ))}
        </Stack>
      )}
      {answer.rows.length === 0 ? (
        <Text c="dimmed">{t('reports.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={answer.columns.length * 110}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                {answer.columns.map((c) => (
                  <Table.Th key={c.key}>{c[lang]}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {answer.rows.map((row, i) => (
                <Table.Tr key={i}>
                  {answer.columns.map((c) => (
                    <Table.Td
                      key={c.key}
                      ta={
                        typeof row[c.key] === 'number' && c.key !== 'weekday' ? 'right' : undefined
                      }
                    >
                      {cellText(c.key, row[c.key] ?? null, lang, t)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
