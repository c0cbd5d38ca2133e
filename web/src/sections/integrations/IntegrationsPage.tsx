// Интеграции: what Kopilka sends to the organization's own systems — webhooks and the log of
// their deliveries — and the scheduled jobs the server runs by itself. Read with
// integration.read; changed with integration.write (the owner and the integrator), the server
// enforcing it again.
import { SectionTabs, type SectionTab } from '../../ui/SectionTabs.tsx';
import { DeliveriesTab } from './DeliveriesTab.tsx';
import { JobsTab } from './JobsTab.tsx';
import { WebhooksTab } from './WebhooksTab.tsx';

const TABS: SectionTab[] = [
  { path: 'webhooks', label: 'integrations.tab.webhooks', element: <WebhooksTab /> },
  { path: 'deliveries', label: 'integrations.tab.deliveries', element: <DeliveriesTab /> },
  { path: 'jobs', label: 'integrations.tab.jobs', element: <JobsTab /> },
];

export default function IntegrationsPage() {
  return <SectionTabs section="integrations" title="nav.integrations" tabs={TABS} />;
}
