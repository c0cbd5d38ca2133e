// Акции: every promotion with its privileges, conditions and budgets' usage in words; switch
// one on or off, open one to edit, create a new one.
import { Alert, Anchor, Badge, Button, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { rowsOf } from '../../ui/lists.ts';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import type { Promotion, Rank } from './model.ts';
import { budgetTexts, conditionTexts, privilegeText } from './promotion-text.ts';

interface Restaurant {
  id: number;
  name: string;
}

/** The promotions, ranks and restaurants the promotion screens name. */
export function useProgramObjects() {
  return useLoad(
    () =>
      Promise.all([
        unwrap<{ rows: Promotion[] }>(api.GET('/api/admin/v1/program/promotions')),
        unwrap<{ rows: Rank[] }>(api.GET('/api/admin/v1/program/ranks')),
        unwrap(api.GET('/api/admin/v1/restaurants')).then((x) => rowsOf<Restaurant>(x)),
      ]).then(([promotions, ranks, restaurants]) => ({
        promotions: promotions.rows,
        ranks: ranks.rows,
        restaurants,
      })),
    [],
  );
}

export function PromotionsTab() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const data = useProgramObjects();
  const toggle = useSubmit();
  const writable = can('program.write');
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const names = {
    restaurants: new Map(data.data.restaurants.map((r) => [String(r.id), r.name])),
    ranks: new Map(data.data.ranks.map((r) => [r.id, r.name])),
  };
  const switchActive = async (p: Promotion, active: boolean) => {
    const params = { params: { path: { id: p.id } } };
    const ok = await toggle.submit(() =>
      unwrap(
        active
          ? api.POST('/api/admin/v1/program/promotions/{id}/activate', params)
          : api.POST('/api/admin/v1/program/promotions/{id}/deactivate', params),
      ),
    );
    if (ok !== undefined) data.reload();
  };
  const lines = (texts: string[]) =>
    texts.length === 0 ? (
      <Text size="sm" c="dimmed">
        —
      </Text>
    ) : (
      texts.map((x) => (
        <Text size="sm" key={x}>
          {x}
        </Text>
      ))
    );
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" maw={720}>
          {t('promo.help')}
        </Text>
        {writable && (
          <Button onClick={() => navigate('/program/promotions/new')}>{t('promo.add')}</Button>
        )}
      </Group>
      {toggle.formError([]) && (
        <Alert color="red" role="alert">
          {toggle.formError([])}
        </Alert>
      )}
      {data.data.promotions.length === 0 ? (
        <Text c="dimmed">{t('promo.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('promo.name')}</Table.Th>
                <Table.Th>{t('promo.privileges')}</Table.Th>
                <Table.Th>{t('promo.conditions')}</Table.Th>
                <Table.Th>{t('promo.budget')}</Table.Th>
                <Table.Th>{t('promo.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.data.promotions.map((p) => (
                <Table.Tr key={p.id} data-testid="promotion-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/program/promotions/${p.id}`} fw={600}>
                      {p.name}
                    </Anchor>
                    {p.kind === 'registration_bonus' && (
                      <Text size="xs" c="dimmed">
                        {t('promo.kind.registration_bonus')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{lines(p.privileges.map((x) => privilegeText(x, t, lang)))}</Table.Td>
                  <Table.Td>{lines(conditionTexts(p.conditions, t, lang, names))}</Table.Td>
                  <Table.Td>{lines(budgetTexts(p.budget, p.usage, t, lang))}</Table.Td>
                  <Table.Td>
                    {writable ? (
                      <Switch
                        checked={p.active}
                        label={t(p.active ? 'promo.active' : 'promo.inactive')}
                        aria-label={t('promo.activeOf', { name: p.name })}
                        onChange={(e) => void switchActive(p, e.currentTarget.checked)}
                      />
                    ) : (
                      <Badge color={p.active ? 'teal' : 'gray'}>
                        {t(p.active ? 'promo.active' : 'promo.inactive')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
