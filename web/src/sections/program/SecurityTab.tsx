// Безопасность: what the program noticed — payment codes guessed at a till and the till locked
// out, amounts refused over a limit — newest first, a page at a time.
import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';

interface SecurityEvent {
  id: number;
  at: string;
  type: string;
  restaurant_id: number | null;
  terminal_id: number | null;
  failures: number;
  locked_until: string | null;
  message_ru: string;
  message_en: string;
}

export function SecurityTab() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const events = usePaged<SecurityEvent>(
    (cursor) =>
      unwrap(
        api.GET('/api/admin/v1/program/security-events', {
          params: { query: { limit: '50', ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [],
  );
  return (
    <Stack>
      <Text c="dimmed" maw={720}>
        {t('security.help')}
      </Text>
      {events.error ? <LoadError error={events.error} /> : null}
      {!events.loading && events.rows.length === 0 && !events.error && (
        <Text c="dimmed">{t('security.none')}</Text>
      )}
      {events.rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('security.at')}</Table.Th>
                <Table.Th>{t('security.what')}</Table.Th>
                <Table.Th>{t('security.where')}</Table.Th>
                <Table.Th ta="right">{t('security.failures')}</Table.Th>
                <Table.Th>{t('security.lockedUntil')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.rows.map((e) => (
                <Table.Tr key={e.id} data-testid="security-event">
                  <Table.Td>{dateTime(e.at, timeZone, lang)}</Table.Td>
                  <Table.Td>{lang === 'en' ? e.message_en : e.message_ru}</Table.Td>
                  <Table.Td>
                    {e.terminal_id !== null
                      ? t('security.terminal', { id: e.terminal_id })
                      : e.restaurant_id !== null
                        ? t('security.restaurant', { id: e.restaurant_id })
                        : '—'}
                  </Table.Td>
                  <Table.Td ta="right">{e.failures || '—'}</Table.Td>
                  <Table.Td>
                    {e.locked_until ? (
                      <Badge color="orange">{dateTime(e.locked_until, timeZone, lang)}</Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {events.more && (
        <Button variant="default" loading={events.loading} onClick={() => void events.more?.()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}
