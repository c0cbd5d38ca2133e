// Отчёты: detailed sales of a venue, item demand with charts by hour and weekday, guest spend
// with RFM segments, liabilities and rank distribution at a date, promotion effectiveness —
// one tab and one address each, over one period (kept when switching tabs), each exported as
// CSV or XLSX as the server streams it.
import { useState } from 'react';
import { Select } from '@mantine/core';
import { Route } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { todayIn } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { SectionTabs, type SectionTab } from '../../ui/SectionTabs.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { loadRestaurants } from '../program/OverridesTab.tsx';
import { DemandReport, demandQuery, type DemandGroup } from './DemandReport.tsx';
import { GuestSpendReport, guestSpendQuery } from './GuestSpendReport.tsx';
import { LiabilityReport } from './LiabilityReport.tsx';
import {
  AsOfPicker,
  ExportButtons,
  PeriodPicker,
  ReportBar,
  RestaurantPicker,
} from './ReportBar.tsx';
import { SalesReport } from './SalesReport.tsx';
import { TableReport } from './TableReport.tsx';
import type { ReportPath } from './exportFile.ts';
import { presets, type Period } from './period.ts';
import type { TableAnswer } from './types.ts';

const TABS: SectionTab[] = [
  { path: 'sales', label: 'reports.tab.sales' },
  { path: 'demand', label: 'reports.tab.demand' },
  { path: 'guests', label: 'reports.tab.guests' },
  { path: 'liability', label: 'reports.tab.liability' },
  { path: 'ranks', label: 'reports.tab.ranks' },
  { path: 'promotions', label: 'reports.tab.promotions' },
];
const GROUPS: DemandGroup[] = ['item', 'category', 'restaurant'];

export default function ReportsPage() {
  const { t } = useI18n();
  const { timeZone } = useAuth();
  const [period, setPeriod] = useState<Period>(() => presets(timeZone).week);
  const [asOf, setAsOf] = useState(() => todayIn(timeZone));
  const [restaurant, setRestaurant] = useState<string | null>(null);
  const [group, setGroup] = useState<DemandGroup>('item');
  const restaurants = useLoad(loadRestaurants, []);
  const venues = restaurants.data ?? [];
  // Detailed sales is of one venue: the chosen one, else the first.
  const salesVenue = restaurant ?? (venues[0] ? String(venues[0].id) : null);

  const periodPicker = <PeriodPicker value={period} onChange={setPeriod} />;
  const venuePicker = (
    <RestaurantPicker restaurants={venues} value={restaurant} onChange={setRestaurant} />
  );
  const asOfPicker = <AsOfPicker value={asOf} onChange={setAsOf} />;
  const exportOf = (path: ReportPath, query: Record<string, string> | null) => (
    <ExportButtons path={path} query={query} />
  );
  const asOfQuery = { as_of: asOf };
  const venueQuery = { ...period, ...(restaurant ? { restaurant_id: restaurant } : {}) };

  return (
    <SectionTabs
      section="reports"
      title="nav.reports"
      tabs={TABS}
      notice={
        restaurants.error !== undefined && (
          <LoadError error={restaurants.error} retry={restaurants.reload} />
        )
      }
    >
      <Route
        index
        element={
          <>
            <ReportBar>
              <RestaurantPicker
                restaurants={venues}
                value={salesVenue}
                onChange={setRestaurant}
                required
              />
              {periodPicker}
              {exportOf(
                '/api/admin/v1/reports/sales',
                salesVenue ? { restaurant_id: salesVenue, ...period } : null,
              )}
            </ReportBar>
            {salesVenue ? (
              <SalesReport restaurant={salesVenue} period={period} />
            ) : (
              restaurants.loading && <Loading />
            )}
          </>
        }
      />
      <Route
        path="demand"
        element={
          <>
            <ReportBar>
              {periodPicker}
              {venuePicker}
              <Select
                label={t('reports.demand.groupBy')}
                data={GROUPS.map((g) => ({ value: g, label: t(`reports.demand.group.${g}`) }))}
                value={group}
                onChange={(v) => v && setGroup(v as DemandGroup)}
                allowDeselect={false}
                w={{ base: '100%', xs: 180 }}
              />
              {exportOf('/api/admin/v1/reports/demand', demandQuery(period, restaurant, group))}
            </ReportBar>
            <DemandReport period={period} restaurant={restaurant} groupBy={group} />
          </>
        }
      />
      <Route
        path="guests"
        element={
          <>
            <ReportBar>
              {periodPicker}
              {venuePicker}
              {exportOf('/api/admin/v1/reports/guest-spend', guestSpendQuery(period, restaurant))}
            </ReportBar>
            <GuestSpendReport period={period} restaurant={restaurant} />
          </>
        }
      />
      <Route
        path="liability"
        element={
          <>
            <ReportBar>
              {asOfPicker}
              {exportOf('/api/admin/v1/reports/liability', asOfQuery)}
            </ReportBar>
            <LiabilityReport asOf={asOf} />
          </>
        }
      />
      <Route
        path="ranks"
        element={
          <>
            <ReportBar>
              {asOfPicker}
              {exportOf('/api/admin/v1/reports/ranks', asOfQuery)}
            </ReportBar>
            <LoadedTable path="/api/admin/v1/reports/ranks" query={asOfQuery} testId="ranks" />
          </>
        }
      />
      <Route
        path="promotions"
        element={
          <>
            <ReportBar>
              {periodPicker}
              {venuePicker}
              {exportOf('/api/admin/v1/reports/promotions', venueQuery)}
            </ReportBar>
            <LoadedTable
              path="/api/admin/v1/reports/promotions"
              query={venueQuery}
              testId="promotions"
            />
          </>
        }
      />
    </SectionTabs>
  );
}

/** A report the server answers as one titled table (ranks, promotions). */
function LoadedTable(props: {
  path: '/api/admin/v1/reports/ranks' | '/api/admin/v1/reports/promotions';
  query: Record<string, string>;
  testId: string;
}) {
  const key = JSON.stringify(props.query);
  const data = useLoad(
    () =>
      unwrap<TableAnswer>(
        api.GET(props.path as '/api/admin/v1/reports/promotions', {
          params: { query: props.query as never },
        }),
      ),
    [props.path, key],
  );
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  return <TableReport answer={data.data} testId={props.testId} />;
}
