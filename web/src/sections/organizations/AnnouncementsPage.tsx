// Новости и работы: the installation operator tells every organization's staff about news and
// planned maintenance (the letters go to the addresses each organization chose for these two
// types, in its language), and sees what was sent, newest first, with how many organizations
// and letters each reached. Only the operator (installation.manage) has this section.
import { useState } from 'react';
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';
import { AnnouncementForm } from './AnnouncementForm.tsx';

type Announcement = Answer<'listAnnouncements'>['rows'][number];

export default function AnnouncementsPage() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const phone = useMediaQuery('(max-width: 40em)');
  const [round, setRound] = useState(0);
  const sent = usePaged<Announcement>(
    () => unwrap(api.GET('/api/admin/v1/installation/announcements')),
    [round],
  );
  // created_by is "operator:<name>" or "cli:<system user>" (kopilka notify).
  const by = (a: Announcement) => {
    const [kind, ...name] = a.created_by.split(':');
    return kind === 'cli' ? t('news.byCli', { name: name.join(':') }) : name.join(':');
  };
  const reach = (a: Announcement) =>
    t('news.reachOf', { organizations: a.organizations, letters: a.letters });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.announcements')}
      </Title>
      <Text c="dimmed" maw={760}>
        {t('news.intro')}
      </Text>
      <AnnouncementForm onSent={() => setRound((n) => n + 1)} />
      <Title order={2} size="h3">
        {t('news.sentList')}
      </Title>
      {sent.error ? <LoadError error={sent.error} /> : null}
      {!sent.loading && !sent.error && sent.rows.length === 0 && (
        <Text c="dimmed">{t('news.none')}</Text>
      )}
      {sent.rows.length > 0 && (
        <Table.ScrollContainer minWidth={phone ? 0 : 760}>
          <Table striped data-testid="announcements" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('news.when')}</Table.Th>
                <Table.Th>{t('news.what')}</Table.Th>
                {!phone && <Table.Th>{t('news.by')}</Table.Th>}
                {!phone && <Table.Th>{t('news.reach')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sent.rows.map((a) => (
                <Table.Tr key={a.id} data-testid="announcement">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {dateTime(a.created_at, timeZone, lang)}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={a.type === 'maintenance' ? 'orange' : 'blue'}
                      mb={4}
                    >
                      {t(`news.type.${a.type}`)}
                    </Badge>
                    <Text size="sm">{a.subject}</Text>
                    {phone && (
                      <Text size="xs" c="dimmed">
                        {by(a)} · {reach(a)}
                      </Text>
                    )}
                  </Table.Td>
                  {!phone && <Table.Td>{by(a)}</Table.Td>}
                  {!phone && <Table.Td>{reach(a)}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
