// A list of records edited one at a time in a dialog: what the list is (a hint), «Добавить…»,
// the table, «Изменить» and «Удалить» per row for a role that may change them (asked once more
// when deleting matters), and the refusal of a deletion above the table. Card masks, ranks and
// waiters' tips recipients are such lists; each says its columns and its own dialog.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { LoadError, Loading } from './status.tsx';
import { useSubmit } from './useSubmit.ts';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: 'right';
  monospace?: boolean;
}

export function EditableList<T>(props: {
  hint: ReactNode;
  addLabel: string;
  /** What an empty list says. */
  empty: string;
  /** undefined while loading. */
  rows: readonly T[] | undefined;
  loadError?: unknown;
  retry?: () => void;
  rowKey: (row: T) => string | number;
  columns: readonly Column<T>[];
  writable: boolean;
  /** The table's own width: narrower screens scroll it sideways inside its box. */
  minWidth: number;
  /** Deletes the row; the list is refreshed by the caller (a reload, or the answer). */
  remove: (row: T) => Promise<unknown>;
  /** When deleting needs a second thought: the dialog's title and what it will do. */
  confirmRemove?: (row: T) => { title: string; warning: string };
  /** The dialog for a new record (null) or this one; close() when it is done or cancelled. */
  editor: (row: T | null, close: () => void) => ReactNode;
  /** Buttons of a row for every role (the row's QR code). */
  actions?: (row: T) => ReactNode;
  testId?: string;
  rowTestId?: string;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<{ row: T | null } | null>(null);
  const [confirming, setConfirming] = useState<{ row: T } | null>(null);
  const removal = useSubmit();
  const refused = removal.formError([]);
  const remove = (row: T) => {
    if (props.confirmRemove) setConfirming({ row });
    else void removal.submit(() => props.remove(row));
  };
  const withActions = props.writable || props.actions !== undefined;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" size="sm" maw={720}>
          {props.hint}
        </Text>
        {props.writable && (
          <Button onClick={() => setEditing({ row: null })}>{props.addLabel}</Button>
        )}
      </Group>
      {refused && (
        <Alert color="red" role="alert">
          {refused}
        </Alert>
      )}
      {props.loadError !== undefined && <LoadError error={props.loadError} retry={props.retry} />}
      {props.rows === undefined && props.loadError === undefined && <Loading />}
      {props.rows?.length === 0 && <Text c="dimmed">{props.empty}</Text>}
      {props.rows !== undefined && props.rows.length > 0 && (
        <Table.ScrollContainer minWidth={props.minWidth}>
          <Table striped data-testid={props.testId}>
            <Table.Thead>
              <Table.Tr>
                {props.columns.map((c) => (
                  <Table.Th key={c.header} ta={c.align}>
                    {c.header}
                  </Table.Th>
                ))}
                {withActions && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {props.rows.map((row) => (
                <Table.Tr key={props.rowKey(row)} data-testid={props.rowTestId}>
                  {props.columns.map((c) => (
                    <Table.Td
                      key={c.header}
                      ta={c.align}
                      ff={c.monospace ? 'monospace' : undefined}
                    >
                      {c.cell(row)}
                    </Table.Td>
                  ))}
                  {withActions && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        {props.actions?.(row)}
                        {props.writable && (
                          <>
                            <Button size="xs" variant="default" onClick={() => setEditing({ row })}>
                              {t('list.edit')}
                            </Button>
                            <Button
                              size="xs"
                              variant="light"
                              color="red"
                              loading={removal.busy}
                              onClick={() => remove(row)}
                            >
                              {t('list.delete')}
                            </Button>
                          </>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && props.editor(editing.row, () => setEditing(null))}
      {confirming && props.confirmRemove && (
        <ConfirmDialog
          {...props.confirmRemove(confirming.row)}
          action={t('list.delete')}
          danger
          run={() => props.remove(confirming.row)}
          onClose={() => setConfirming(null)}
          onDone={() => setConfirming(null)}
        />
      )}
    </Stack>
  );
}
