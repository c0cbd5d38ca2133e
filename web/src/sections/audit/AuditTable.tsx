// The rows of an audit log: when, who, what, and the change as before → after per field. The
// organization's log and the installation's (which also names the organization) show it alike.
import { Button, Code, Table, Text } from '@mantine/core';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { diff, show } from './diff.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  entity: string;
  entity_id: string | null;
  /** In the installation's log: the organization the action concerned. */
  org_id?: number | null;
  before: unknown;
  after: unknown;
}

export function AuditTable(props: {
  rows: AuditEntry[];
  loading: boolean;
  more: (() => unknown) | null;
  /** Names of organizations by id: shows the column of the installation's log. */
  orgNames?: Map<number, string>;
}) {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const { rows, orgNames } = props;
  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table striped verticalSpacing="xs" data-testid="audit" aria-busy={props.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              {orgNames && <Table.Th>{t('ilog.org')}</Table.Th>}
              <Table.Th>{t('audit.what')}</Table.Th>
              <Table.Th>{t('audit.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {dateTime(e.at, timeZone, lang)}
                </Table.Td>
                <Table.Td>{e.actor.name ?? e.actor.type}</Table.Td>
                {orgNames && (
                  <Table.Td>
                    {e.org_id ? (orgNames.get(e.org_id) ?? `№ ${e.org_id}`) : '—'}
                  </Table.Td>
                )}
                <Table.Td>
                  <Code>{e.action}</Code> {e.entity}
                  {e.entity_id ? ` #${e.entity_id}` : ''}
                </Table.Td>
                <Table.Td>
                  {diff(e.before, e.after).map((c) => (
                    <Text key={c.path} size="sm" data-testid="change">
                      <b>{c.path}</b>:{' '}
                      {e.before === null ? show(c.after) : `${show(c.before)} → ${show(c.after)}`}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!props.loading && rows.length === 0 && <Text c="dimmed">{t('list.empty')}</Text>}
      {props.more && (
        <Button variant="default" onClick={props.more} loading={props.loading} w="fit-content">
          {t('list.more')}
        </Button>
      )}
    </>
  );
}
