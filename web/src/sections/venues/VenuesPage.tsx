// Заведения и кассы: the venue card and opening hours, the tills and their keys, card masks,
// the two POS systems' connections (r_keeper: the FarCards address and the XML interface; iiko:
// iiko Server and the deposit's payment types), e-tips, and a new restaurant for org.write.
// Tabs a role may not read are not shown; the server checks every call again.
import { useState } from 'react';
import { Button } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { NewRestaurantDialog } from '../../ui/NewRestaurantDialog.tsx';
import { SectionTabs, type SectionTab } from '../../ui/SectionTabs.tsx';
import { CardMasksTab } from './CardMasksTab.tsx';
import { EtipsTab } from './EtipsTab.tsx';
import { HoursTab } from './HoursTab.tsx';
import { IikoTab } from './IikoTab.tsx';
import { RkeeperTab } from './RkeeperTab.tsx';
import { TerminalsTab } from './TerminalsTab.tsx';
import { VenueCardTab } from './VenueCardTab.tsx';

const TABS: SectionTab[] = [
  { path: 'card', label: 'venues.tab.card', element: <VenueCardTab /> },
  { path: 'hours', label: 'venues.tab.hours', element: <HoursTab /> },
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
  { path: 'etips', label: 'venues.tab.etips', permission: 'program.read', element: <EtipsTab /> },
];

export default function VenuesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [adding, setAdding] = useState(false);
  // A new restaurant remounts the tabs, so each one's venue list includes it.
  const [version, setVersion] = useState(0);
  return (
    <SectionTabs
      section="venues"
      title="nav.venues"
      tabs={TABS}
      version={version}
      action={
        can('org.write') && (
          <Button variant="light" onClick={() => setAdding(true)}>
            {t('venues.addRestaurant')}
          </Button>
        )
      }
      notice={
        adding && (
          <NewRestaurantDialog
            title={t('venues.addRestaurant')}
            create={(body) => unwrap(api.POST('/api/admin/v1/restaurants', { body }))}
            onClose={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              setVersion((v) => v + 1);
            }}
          />
        )
      }
    />
  );
}
