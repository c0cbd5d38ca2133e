// Inputs for amounts the API keeps as integers: roubles typed, kopecks sent (money); percent
// typed, basis points sent (10 % → 1000). The largest amount is the server's ceiling, so a
// too-large figure is refused here in roubles, not by the server in kopecks.
import { NumberInput, type NumberInputProps } from '@mantine/core';

/** The server's ceiling for any amount: one billion roubles, in kopecks. */
export const MAX_AMOUNT = 100_000_000_000;

type Props = Omit<NumberInputProps, 'value' | 'onChange'> & {
  value: number | null;
  onChange: (v: number | null) => void;
};

const fromTyped = (x: number | string, scale: number) =>
  x === '' ? null : Math.round(Number(x) * scale);

export function MoneyInput({ value, onChange, ...rest }: Props) {
  return (
    <NumberInput
      {...rest}
      value={value === null ? '' : value / 100}
      suffix=" ₽"
      min={0}
      max={MAX_AMOUNT / 100}
      clampBehavior="none"
      decimalScale={2}
      decimalSeparator=","
      thousandSeparator=" "
      onChange={(x) => onChange(fromTyped(x, 100))}
    />
  );
}

export function PercentInput({ value, onChange, ...rest }: Props) {
  return (
    <NumberInput
      {...rest}
      value={value === null ? '' : value / 100}
      suffix=" %"
      min={0}
      max={100}
      decimalScale={2}
      decimalSeparator=","
      onChange={(x) => onChange(fromTyped(x, 100))}
    />
  );
}
