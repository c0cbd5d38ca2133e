// r_keeper 7: each r_keeper restaurant's FarCards address and ExtDllHttp.ini, and the
// organization's XML-interface connection with its dictionaries.
import { Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { FarCardsPanel } from './FarCardsPanel.tsx';
import { VenueSelect, useVenues, type Venue } from './VenuePicker.tsx';
import { XmlInterfacePanel } from './XmlInterfacePanel.tsx';

const isRkeeper = (v: Venue) => v.integration === 'rkeeper7';

export function RkeeperTab() {
  const { t } = useI18n();
  const venues = useVenues();
  const rkeeper = venues.list.filter(isRkeeper);
  // The chosen venue, or the first r_keeper one.
  const id =
    venues.venue && isRkeeper(venues.venue) ? venues.id : rkeeper[0] ? String(rkeeper[0].id) : null;
  if (venues.venues.error !== undefined) return <LoadError error={venues.venues.error} />;
  if (!venues.venues.data) return <Loading />;
  return (
    <Stack>
      {id ? (
        <>
          <VenueSelect list={venues.list} value={id} onChange={venues.choose} filter={isRkeeper} />
          <FarCardsPanel restaurant={id} key={id} />
        </>
      ) : (
        <Text c="dimmed">{t('venues.noRkeeper')}</Text>
      )}
      <XmlInterfacePanel />
    </Stack>
  );
}
