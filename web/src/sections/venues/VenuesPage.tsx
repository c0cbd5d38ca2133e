// Заведения и кассы: the venue card, the tills and their keys, card masks, and the two POS
// systems' connections (r_keeper: the FarCards address and the XML interface; iiko: iiko Server
// and the deposit's payment types). Tabs a role may not read are not shown; the server checks
// every call again.
import { useState, type ReactElement } from 'react';
import { Button, Group, Stack, Tabs, Title } from '@mantine/core';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth, type Permission } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { NewRestaurantDialog } from '../../ui/NewRestaurantDialog.tsx';
import { CardMasksTab } from './CardMasksTab.tsx';
import { IikoTab } from './IikoTab.tsx';
import { RkeeperTab } from './RkeeperTab.tsx';
import { TerminalsTab } from './TerminalsTab.tsx';
import { VenueCardTab } from './VenueCardTab.tsx';

const TABS: { path: string; label: MessageKey; permission: Permission; element: ReactElement }[] = [
  { path: 'card', label: 'venues.tab.card', permission: 'org.read', element: <VenueCardTab /> },
  {
    path: 'terminals',
    label: 'venues.tab.terminals',
    permission: 'integration.read',
    element: <TerminalsTab />,
  },
  {
    path: 'masks',
    label: 'venues.tab.masks',
    permission: 'integration.read',
    element: <CardMasksTab />,
  },
  {
    path: 'rkeeper',
    label: 'venues.tab.rkeeper',
    permission: 'integration.read',
    element: <RkeeperTab />,
  },
  { path: 'iiko', label: 'venues.tab.iiko', permission: 'integration.read', element: <IikoTab /> },
];

export default function VenuesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const loc = useLocation();
  const navigate = useNavigate();
  const current = loc.pathname.replace(/^\/venues\/?/, '').split('/')[0] || 'card';
  const tabs = TABS.filter((tab) => can(tab.permission));
  const [adding, setAdding] = useState(false);
  // A new restaurant remounts the tabs, so each one's venue list includes it.
  const [version, setVersion] = useState(0);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('nav.venues')}
        </Title>
        {can('org.write') && (
          <Button variant="light" onClick={() => setAdding(true)}>
            {t('venues.addRestaurant')}
          </Button>
        )}
      </Group>
      {adding && (
        <NewRestaurantDialog
          title={t('venues.addRestaurant')}
          create={(body) => unwrap(api.POST('/api/admin/v1/restaurants', { body }))}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            setVersion((v) => v + 1);
          }}
        />
      )}
      <Tabs value={current} onChange={(v) => navigate(v === 'card' ? '/venues' : `/venues/${v}`)}>
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.path} value={tab.path}>
              {t(tab.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes key={version}>
        {tabs.map((tab) =>
          tab.path === 'card' ? (
            <Route key={tab.path} index element={tab.element} />
          ) : (
            <Route key={tab.path} path={tab.path} element={tab.element} />
          ),
        )}
      </Routes>
    </Stack>
  );
}
