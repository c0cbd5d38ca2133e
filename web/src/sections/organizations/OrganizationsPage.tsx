// Организации: the installation operator's screen. Every organization with its restaurants
// and owners; a new organization with its first owner (who sets a password through a one-time
// link shown here once); a restaurant for any organization; a new link for an owner who has
// not used theirs. No organization's guests, operations or reports: the server refuses them.
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { NewRestaurantDialog } from '../../ui/NewRestaurantDialog.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { NewOrganizationDialog, SetupLinkDialog, type SetupLink } from './NewOrganization.tsx';

interface Organization {
  id: number;
  name: string;
  created_at: string;
  restaurants: {
    id: number;
    name: string;
    code: string;
    integration: string;
    test_mode: boolean;
  }[];
  owners: { id: number; email: string; name: string; awaiting_setup: boolean }[];
}

type Dialog =
  | { kind: 'organization' }
  | { kind: 'restaurant'; org: Organization }
  | { kind: 'link'; link: SetupLink };

export default function OrganizationsPage() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const orgs = useLoad(
    () => unwrap<{ rows: Organization[] }>(api.GET('/api/admin/v1/installation/organizations')),
    [],
  );
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const reissue = useSubmit();
  const newLink = async (org: Organization, owner: Organization['owners'][number]) => {
    const setup = await reissue.submit(() =>
      unwrap<{ path: string; expires_at: string }>(
        api.POST('/api/admin/v1/installation/organizations/{id}/owners/{userId}/setup-link', {
          params: { path: { id: String(org.id), userId: String(owner.id) } },
        }),
      ),
    );
    if (setup) setDialog({ kind: 'link', link: { ...setup, org: org.name, email: owner.email } });
  };
  const done = () => {
    setDialog(null);
    orgs.reload();
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('nav.organizations')}
        </Title>
        <Button onClick={() => setDialog({ kind: 'organization' })}>{t('orgs.add')}</Button>
      </Group>
      <Text c="dimmed" maw={760}>
        {t('orgs.intro')}
      </Text>
      {reissue.formError([]) && (
        <Alert color="red" role="alert">
          {reissue.formError([])}
        </Alert>
      )}
      {orgs.error !== undefined && <LoadError error={orgs.error} retry={orgs.reload} />}
      {!orgs.data && orgs.loading && <Loading />}
      {orgs.data?.rows.length === 0 && <Text c="dimmed">{t('orgs.empty')}</Text>}
      {orgs.data?.rows.map((org) => (
        <Card key={org.id} withBorder padding="md" data-testid="organization">
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={2} size="h4">
                {org.name}
              </Title>
              <Text size="sm" c="dimmed">
                № {org.id} · {t('orgs.created', { date: dateTime(org.created_at, timeZone, lang) })}
              </Text>
            </div>
            <Button variant="light" onClick={() => setDialog({ kind: 'restaurant', org })}>
              {t('orgs.addRestaurant')}
            </Button>
          </Group>
          <Group align="flex-start" mt="sm" gap="xl">
            <Stack gap={4} miw={260}>
              <Text fw={600} size="sm">
                {t('orgs.owners')}
              </Text>
              {org.owners.map((o) => (
                <Group key={o.id} gap="xs">
                  <Text size="sm">
                    {o.name} · {o.email}
                  </Text>
                  {o.awaiting_setup && (
                    <>
                      <Badge color="orange" variant="light">
                        {t('orgs.awaitingSetup')}
                      </Badge>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => void newLink(org, o)}
                      >
                        {t('orgs.newLink')}
                      </Button>
                    </>
                  )}
                </Group>
              ))}
            </Stack>
            <Stack gap={4}>
              <Text fw={600} size="sm">
                {t('orgs.restaurants')}
              </Text>
              {org.restaurants.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('orgs.noRestaurants')}
                </Text>
              ) : (
                <List size="sm" spacing={2}>
                  {org.restaurants.map((r) => (
                    <List.Item key={r.id}>
                      {r.name} · {t(`venues.integration.${r.integration}` as MessageKey)} ·{' '}
                      <Text span ff="monospace" size="sm">
                        {r.code}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Group>
        </Card>
      ))}
      {dialog?.kind === 'organization' && (
        <NewOrganizationDialog
          onClose={() => setDialog(null)}
          onDone={(link) => {
            orgs.reload();
            setDialog({ kind: 'link', link });
          }}
        />
      )}
      {dialog?.kind === 'restaurant' && (
        <NewRestaurantDialog
          title={t('orgs.addRestaurantTo', { name: dialog.org.name })}
          create={(body) =>
            unwrap(
              api.POST('/api/admin/v1/installation/organizations/{id}/restaurants', {
                params: { path: { id: String(dialog.org.id) } },
                body,
              }),
            )
          }
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
      {dialog?.kind === 'link' && <SetupLinkDialog link={dialog.link} onClose={done} />}
    </Stack>
  );
}
