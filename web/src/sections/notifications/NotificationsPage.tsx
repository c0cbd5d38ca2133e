// Уведомления: who receives which of the organization's letters (seed 003's five types, the
// birthday list's period and its test, the unusual deposit spending thresholds), the mail
// server they leave through with «Отправить тестовое письмо», and the log of letters.
import { SectionTabs, type SectionTab } from '../../ui/SectionTabs.tsx';
import { LettersTab } from './LettersTab.tsx';
import { RecipientsTab } from './RecipientsTab.tsx';
import { SmtpTab } from './SmtpTab.tsx';

const TABS: SectionTab[] = [
  { path: 'recipients', label: 'notify.tab.recipients', element: <RecipientsTab /> },
  {
    path: 'smtp',
    label: 'notify.tab.smtp',
    permission: 'integration.read',
    element: <SmtpTab />,
  },
  // Letters carry guests' addresses (receipts).
  {
    path: 'letters',
    label: 'notify.tab.letters',
    permission: 'guests.read',
    element: <LettersTab />,
  },
];

export default function NotificationsPage() {
  return <SectionTabs section="notifications" title="nav.notifications" tabs={TABS} />;
}
