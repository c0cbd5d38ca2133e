// The audit trail of one thing (the program, a promotion …): who changed it, when, and each
// changed field as before → after, so a manager sees what a save did without the full log.
import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../api/client.ts';
import { unwrap } from '../api/errors.ts';
import { useAuth } from '../app/auth.tsx';
import { dateTime } from '../app/format.ts';
import { useI18n } from '../i18n/index.tsx';
import { rowsOf } from './lists.ts';
import { LoadError, Loading } from './status.tsx';
import { useLoad } from './useLoad.ts';

interface AuditRow {
  id: number;
  at: string;
  actor: { type: string; id: string | null; name: string };
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** Leaf-by-leaf difference of two JSON values: "settings.maxBonusPaymentBp: 10000 → 5000". */
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    return [...new Set([...Object.keys(b), ...Object.keys(a)])].flatMap((k) =>
      diff(b[k], a[k], path ? `${path}.${k}` : k),
    );
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

const shown = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

export function ChangeHistory({
  entity,
  entityId,
  label,
}: {
  entity: string;
  entityId?: string;
  /** Names fields for people: "settings.maxBonusPaymentBp" → «Оплата бонусами». */
  label?: (path: string) => string | undefined;
}) {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const log = useLoad(
    async () =>
      can('audit.read')
        ? rowsOf<AuditRow>(
            await unwrap(
              api.GET('/api/admin/v1/audit', {
                params: {
                  query: { entity, ...(entityId ? { entity_id: entityId } : {}), limit: '20' },
                },
              }),
            ),
          )
        : [],
    [entity, entityId],
  );
  if (!can('audit.read')) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('history.title')}
        </Title>
        {log.loading && !log.data && <Loading />}
        {log.error !== undefined && <LoadError error={log.error} retry={log.reload} />}
        {log.data?.length === 0 && <Text c="dimmed">{t('history.empty')}</Text>}
        {log.data?.map((row) => {
          const changes = diff(row.before, row.after).filter(
            (c) => !/(^|\.)(version|updated_at)$/.test(c.path),
          );
          return (
            <Stack key={row.id} gap={4} data-testid="history-entry">
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {dateTime(row.at, timeZone, lang)}
                </Text>
                <Text size="sm">{row.actor.name}</Text>
                <Badge variant="light" size="sm">
                  {row.action}
                </Badge>
              </Group>
              {changes.length > 0 && (
                <Table.ScrollContainer minWidth={320}>
                  <Table fz="sm" withTableBorder>
                    <Table.Tbody>
                      {changes.slice(0, 30).map((c) => (
                        <Table.Tr key={c.path}>
                          <Table.Td>{label?.(c.path) ?? c.path}</Table.Td>
                          <Table.Td data-testid="history-change">
                            <Text span size="sm" c="red.8" td="line-through">
                              {shown(c.before)}
                            </Text>{' '}
                            →{' '}
                            <Text span size="sm" c="green.9" fw={600}>
                              {shown(c.after)}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Stack>
          );
        })}
      </Stack>
    </Paper>
  );
}
