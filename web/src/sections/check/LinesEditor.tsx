// The check's lines as typed on Проверка чека: code, name, quantity, price, and whether the
// till applied its own (POS) promotion to the line — the program's settings for orders with a
// POS promotion act on that mark.
import {
  ActionIcon,
  Checkbox,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Group,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useI18n } from '../../i18n/index.tsx';
import type { CheckLine } from './lines.ts';

/**
 * The check's lines: a table on a wide screen; on a phone each line is a small card (name on
 * its own row, then code, quantity and price), so nothing is cut or needs sideways scrolling.
 */
export function LinesEditor({
  lines,
  setLines,
}: {
  lines: CheckLine[];
  setLines: (update: (lines: CheckLine[]) => CheckLine[]) => void;
}) {
  const { t } = useI18n();
  const phone = useMediaQuery('(max-width: 40em)');
  const setLine = (i: number, patch: Partial<CheckLine>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const inputs = (l: CheckLine, i: number) => ({
    code: (
      <TextInput
        aria-label={`${t('check.code')} ${i + 1}`}
        value={l.code}
        onChange={(e) => setLine(i, { code: e.currentTarget.value })}
      />
    ),
    name: (
      <TextInput
        aria-label={`${t('check.name')} ${i + 1}`}
        value={l.name}
        onChange={(e) => setLine(i, { name: e.currentTarget.value })}
      />
    ),
    qty: (
      <NumberInput
        aria-label={`${t('check.qty')} ${i + 1}`}
        value={l.qty}
        min={0.001}
        decimalScale={3}
        decimalSeparator=","
        hideControls
        onChange={(v) => setLine(i, { qty: Number(v) || 0 })}
      />
    ),
    price: (
      <NumberInput
        aria-label={`${t('check.price')} ${i + 1}`}
        value={l.price}
        min={0}
        decimalScale={2}
        decimalSeparator=","
        thousandSeparator=" "
        suffix=" ₽"
        hideControls
        onChange={(v) => setLine(i, { price: Number(v) || 0 })}
      />
    ),
    pos: (
      <Checkbox
        aria-label={`${t('check.pos')} ${i + 1}`}
        checked={l.pos ?? false}
        onChange={(e) => setLine(i, { pos: e.currentTarget.checked })}
      />
    ),
    remove: (
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={t('check.remove', { n: i + 1 })}
        onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
      >
        ×
      </ActionIcon>
    ),
  });

  if (phone)
    return (
      <Stack gap="xs" role="list" aria-label={t('check.lines')}>
        {lines.map((l, i) => {
          const f = inputs(l, i);
          return (
            <Paper key={i} withBorder p="xs" radius="sm" role="listitem">
              <Group gap="xs" wrap="nowrap" mb={6}>
                <Text size="sm" fw={600} w={20}>
                  {i + 1}.
                </Text>
                <div style={{ flex: 1, minWidth: 0 }}>{f.name}</div>
                {f.remove}
              </Group>
              <SimpleGrid cols={4} spacing="xs">
                <Stack gap={2}>
                  <Text size="xs" c="dimmed">
                    {t('check.code')}
                  </Text>
                  {f.code}
                </Stack>
                <Stack gap={2}>
                  <Text size="xs" c="dimmed">
                    {t('check.qty')}
                  </Text>
                  {f.qty}
                </Stack>
                <Stack gap={2}>
                  <Text size="xs" c="dimmed">
                    {t('check.price')}
                  </Text>
                  {f.price}
                </Stack>
                <Stack gap={2}>
                  <Text size="xs" c="dimmed">
                    {t('check.posShort')}
                  </Text>
                  {f.pos}
                </Stack>
              </SimpleGrid>
            </Paper>
          );
        })}
      </Stack>
    );

  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label={t('check.lines')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('check.code')}</Table.Th>
            <Table.Th>{t('check.name')}</Table.Th>
            <Table.Th w={90}>{t('check.qty')}</Table.Th>
            <Table.Th w={130}>{t('check.price')}</Table.Th>
            <Table.Th w={90}>{t('check.posShort')}</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l, i) => {
            const f = inputs(l, i);
            return (
              <Table.Tr key={i}>
                <Table.Td>{f.code}</Table.Td>
                <Table.Td>{f.name}</Table.Td>
                <Table.Td>{f.qty}</Table.Td>
                <Table.Td>{f.price}</Table.Td>
                <Table.Td>{f.pos}</Table.Td>
                <Table.Td>{f.remove}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
