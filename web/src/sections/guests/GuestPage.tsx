// A guest's page: personal data, cards, accounts, and the operation history.
import { useState } from 'react';
import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { AccountsPanel } from './AccountsPanel.tsx';
import { CardsPanel } from './CardsPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { fullName, type Guest } from './types.ts';

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

export function GuestPage() {
  const { t } = useI18n();
  const id = useParams().id ?? '';
  // Bumped after a change so the history shows the new entries.
  const [version, setVersion] = useState(0);
  const guest = useLoad(
    () => unwrap<Guest>(api.GET('/api/admin/v1/guests/{id}', { params: { path: { id } } })),
    [id, version],
  );
  const changed = () => setVersion((v) => v + 1);
  if (guest.error !== undefined) return <LoadError error={guest.error} retry={guest.reload} />;
  if (!guest.data) return <Loading />;
  const g = guest.data;
  return (
    <Stack>
      <Anchor component={Link} to="/guests" size="sm">
        ← {t('nav.guests')}
      </Anchor>
      <Title order={1} size="h2">
        {fullName(g) || t('guests.noName', { id: g.id })}
      </Title>
      <Text c="dimmed" size="sm">
        {t('guest.id', { id: g.id })}
      </Text>
      <Panel title={t('guest.profile')}>
        <ProfileForm key={g.id} guest={g} onSaved={changed} />
      </Panel>
      <Panel title={t('guests.cards')}>
        <CardsPanel cards={g.cards} onChange={changed} />
      </Panel>
      <Panel title={t('guest.accounts')}>
        <AccountsPanel accounts={g.accounts} onChange={changed} />
      </Panel>
      <Panel title={t('guest.history')}>
        <HistoryPanel guestId={g.id} accounts={g.accounts} version={version} />
      </Panel>
    </Stack>
  );
}
