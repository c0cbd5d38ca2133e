// One setting on screen: its control and name on the left, the explanation beside it (below
// it on a phone), and the server's complaint about it, if any, under the control.
import {
  Checkbox,
  Grid,
  NumberInput,
  Select,
  Switch,
  TagsInput,
  Text,
  Textarea,
} from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { MoneyInput, PercentInput } from '../../ui/amounts.tsx';
import { fromControl, toControl, type Field } from './fields.ts';

export function FieldControl({
  field,
  value,
  onChange,
  error,
  disabled,
  inherit,
}: {
  field: Field;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string | undefined;
  disabled?: boolean;
  /** Override mode: whether this restaurant sets its own value, and the switch for it. */
  inherit?: { own: boolean; toggle: (own: boolean) => void };
}) {
  const { t } = useI18n();
  const label = t(field.label);
  const v = toControl(field, value);
  const off = disabled || (inherit !== undefined && !inherit.own);
  const set = (x: unknown) => onChange(fromControl(field, x));
  let control;
  switch (field.kind) {
    case 'switch':
      control = (
        <Switch
          label={label}
          checked={Boolean(v)}
          disabled={off}
          error={error}
          onChange={(e) => set(e.currentTarget.checked)}
        />
      );
      break;
    case 'percent':
      control = (
        <PercentInput
          label={label}
          value={typeof v === 'number' ? v : null}
          disabled={off}
          error={error}
          onChange={(x) => set(x ?? 0)}
        />
      );
      break;
    case 'money':
      control = (
        <MoneyInput
          label={label}
          value={typeof v === 'number' ? v : null}
          disabled={off}
          error={error}
          onChange={(x) => set(x ?? 0)}
        />
      );
      break;
    case 'int':
      control = (
        <NumberInput
          label={label}
          value={typeof v === 'number' ? v : ''}
          placeholder={field.nullable ? t('program.never') : undefined}
          min={field.min}
          max={field.max}
          allowDecimal={false}
          disabled={off}
          error={error}
          onChange={(x) => set(x === '' ? (field.nullable ? null : 0) : Number(x))}
        />
      );
      break;
    case 'select':
      control = (
        <Select
          label={label}
          value={String(v ?? '')}
          data={field.options.map((o) => ({ value: o.value, label: t(o.label) }))}
          allowDeselect={false}
          disabled={off}
          error={error}
          onChange={(x) => x !== null && set(x)}
        />
      );
      break;
    case 'ids':
      control = (
        <TagsInput
          label={label}
          value={Array.isArray(v) ? (v as string[]) : []}
          placeholder={t('program.idsPlaceholder')}
          disabled={off}
          error={error}
          onChange={set}
        />
      );
      break;
    case 'text':
      control = (
        <Textarea
          label={label}
          value={typeof v === 'string' ? v : ''}
          autosize
          minRows={2}
          disabled={off}
          error={error}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
      break;
  }
  return (
    <Grid gap="xs" align="flex-start" data-testid={`setting-${field.path}`}>
      <Grid.Col span={{ base: 12, md: 5 }}>
        {inherit && (
          <Checkbox
            size="xs"
            mb={4}
            label={t('program.own')}
            checked={inherit.own}
            onChange={(e) => inherit.toggle(e.currentTarget.checked)}
          />
        )}
        {control}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Text size="sm" c="dimmed">
          {t(field.help)}
        </Text>
      </Grid.Col>
    </Grid>
  );
}
