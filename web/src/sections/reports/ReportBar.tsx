// The bar above every report: the period (a calendar range with quick choices) or the date a
// balance is taken at, the venue when the report is of one, and the export buttons.
import type { ReactNode } from 'react';
import { Alert, Button, Group, Select, Stack } from '@mantine/core';
import { DateInput, DatePickerInput } from '@mantine/dates';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';
import { exportReport, type ExportFormat, type ReportPath } from './exportFile.ts';
import { presets, type Period } from './period.ts';

const PRESETS: { key: keyof ReturnType<typeof presets>; label: MessageKey }[] = [
  { key: 'today', label: 'reports.preset.today' },
  { key: 'yesterday', label: 'reports.preset.yesterday' },
  { key: 'week', label: 'reports.preset.week' },
  { key: 'month30', label: 'reports.preset.month30' },
  { key: 'thisMonth', label: 'reports.preset.thisMonth' },
];

export function PeriodPicker(props: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useI18n();
  const { timeZone } = useAuth();
  const quick = presets(timeZone);
  return (
    <DatePickerInput
      type="range"
      label={t('reports.period')}
      valueFormat="DD.MM.YYYY"
      value={[props.value.from, props.value.to]}
      onChange={([from, to]) => from && to && props.onChange({ from, to })}
      allowSingleDateInRange
      presets={PRESETS.map((p) => ({
        value: [quick[p.key].from, quick[p.key].to] as [string, string],
        label: t(p.label),
      }))}
      w={{ base: '100%', xs: 250 }}
    />
  );
}

export function AsOfPicker(props: { value: string; onChange: (day: string) => void }) {
  const { t } = useI18n();
  return (
    <DateInput
      label={t('reports.asOf')}
      valueFormat="DD.MM.YYYY"
      value={props.value}
      onChange={(v) => v && props.onChange(v)}
      w={{ base: '100%', xs: 180 }}
    />
  );
}

export function RestaurantPicker(props: {
  restaurants: readonly { id: number; name: string }[];
  value: string | null;
  onChange: (id: string | null) => void;
  /** The report is of one venue: no «all venues». */
  required?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Select
      label={t('dashboard.restaurant')}
      placeholder={props.required ? undefined : t('dashboard.allRestaurants')}
      data={props.restaurants.map((r) => ({ value: String(r.id), label: r.name }))}
      value={props.value}
      onChange={props.onChange}
      clearable={!props.required}
      allowDeselect={!props.required}
      w={{ base: '100%', xs: 260 }}
    />
  );
}

/** «Скачать CSV» and «Скачать XLSX»; a refusal (a period too long …) is said under them. */
export function ExportButtons(props: { path: ReportPath; query: Record<string, string> | null }) {
  const { t, lang } = useI18n();
  const { submit, busy, formError } = useSubmit();
  const run = (format: ExportFormat) =>
    props.query && submit(() => exportReport(props.path, props.query!, format, lang));
  const refused = formError([]);
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {(['csv', 'xlsx'] as const).map((f) => (
          <Button
            key={f}
            variant="default"
            disabled={!props.query}
            loading={busy}
            onClick={() => void run(f)}
          >
            {t(f === 'csv' ? 'reports.exportCsv' : 'reports.exportXlsx')}
          </Button>
        ))}
      </Group>
      {refused && (
        <Alert color="red" role="alert" p="xs">
          {refused}
        </Alert>
      )}
    </Stack>
  );
}

export function ReportBar(props: { children: ReactNode }) {
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      {props.children}
    </Group>
  );
}
