// Регистрация гостей: the links guests join by — the organization's own, and one per venue or
// campaign so each join is attributed — with how many joined by each, the address to copy, and
// its QR code as PNG, SVG or an A4 PDF to print for the tables.
import { useState } from 'react';
import {
  Alert,
  Button,
  CopyButton,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { count, date } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { saveAnswer } from '../../ui/saveFile.ts';
import { rowsOf } from '../../ui/lists.ts';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';

interface RegistrationLink {
  id: number;
  url: string;
  restaurant_id: number | null;
  restaurant_name: string | null;
  campaign: string | null;
  guests_joined: number;
  created_at: string;
}

const FORMATS = ['png', 'svg', 'pdf'] as const;

export function LinksTab() {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const data = useLoad(
    () =>
      Promise.all([
        unwrap<{ rows: RegistrationLink[] }>(api.GET('/api/admin/v1/registration-links')),
        unwrap(api.GET('/api/admin/v1/restaurants')).then((x) =>
          rowsOf<{ id: number; name: string }>(x),
        ),
      ]),
    [],
  );
  const download = useSubmit();
  const qr = (link: RegistrationLink, format: (typeof FORMATS)[number]) =>
    download.submit(async () =>
      saveAnswer(
        await api.GET('/api/admin/v1/registration-links/{id}/qr', {
          params: { path: { id: String(link.id) }, query: { format } },
          parseAs: 'blob',
        }),
        `registration-link-${link.id}.${format}`,
      ),
    );
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const [links, restaurants] = data.data;
  return (
    <Stack>
      <Text c="dimmed" maw={720}>
        {t('links.help')}
      </Text>
      {download.formError([]) && (
        <Alert color="red" role="alert">
          {download.formError([])}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={860}>
        <Table striped verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('links.where')}</Table.Th>
              <Table.Th>{t('links.address')}</Table.Th>
              <Table.Th ta="right">{t('links.joined')}</Table.Th>
              <Table.Th>{t('links.created')}</Table.Th>
              <Table.Th>{t('links.qr')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.rows.map((l) => (
              <Table.Tr key={l.id} data-testid="link-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {l.restaurant_name ?? t('links.organization')}
                  </Text>
                  {l.campaign && (
                    <Text size="xs" c="dimmed">
                      {t('links.campaignOf', { name: l.campaign })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" ff="monospace">
                      {l.url}
                    </Text>
                    <CopyButton value={l.url}>
                      {({ copied, copy }) => (
                        <Button size="compact-xs" variant="light" onClick={copy}>
                          {t(copied ? 'links.copied' : 'links.copy')}
                        </Button>
                      )}
                    </CopyButton>
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{count(l.guests_joined)}</Table.Td>
                <Table.Td>{date(l.created_at, timeZone, lang)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {FORMATS.map((f) => (
                      <Button
                        key={f}
                        size="compact-xs"
                        variant="default"
                        aria-label={t('links.download', { format: f.toUpperCase(), id: l.id })}
                        onClick={() => void qr(l, f)}
                      >
                        {f.toUpperCase()}
                      </Button>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {can('program.write') && <NewLink restaurants={restaurants} onDone={data.reload} />}
    </Stack>
  );
}

function NewLink(props: { restaurants: { id: number; name: string }[]; onDone: () => void }) {
  const { t } = useI18n();
  const [restaurant, setRestaurant] = useState<string | null>(null);
  const [campaign, setCampaign] = useState('');
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    const ok = await submit(() =>
      unwrap(
        api.POST('/api/admin/v1/registration-links', {
          body: {
            restaurant_id: restaurant ? Number(restaurant) : null,
            campaign: campaign.trim() || null,
          },
        }),
      ),
    );
    if (ok !== undefined) {
      setCampaign('');
      setRestaurant(null);
      props.onDone();
    }
  };
  return (
    <Fieldset legend={t('links.new')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('links.restaurant')}
              placeholder={t('links.organization')}
              clearable
              data={props.restaurants.map((r) => ({ value: String(r.id), label: r.name }))}
              value={restaurant}
              onChange={setRestaurant}
              error={fieldError('restaurant_id')}
            />
            <TextInput
              label={t('links.campaign')}
              description={t('links.campaign.help')}
              value={campaign}
              onChange={(e) => setCampaign(e.currentTarget.value)}
              error={fieldError('campaign')}
            />
          </SimpleGrid>
          {formError(['restaurant_id', 'campaign']) && (
            <Alert color="red" role="alert">
              {formError(['restaurant_id', 'campaign'])}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              {t('links.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Fieldset>
  );
}
