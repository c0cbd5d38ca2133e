// Программа лояльности: the settings with their explanations, per-restaurant overrides, ranks,
// promotions, promo and payment codes, security events, registration links, reviews and the
// Wallet cards — one tab each, one address each.
import { Route } from 'react-router';
import { SectionTabs, type SectionTab } from '../../ui/SectionTabs.tsx';
import { CodesTab } from './CodesTab.tsx';
import { LinksTab } from './LinksTab.tsx';
import { OverridesTab } from './OverridesTab.tsx';
import { PromotionEditor } from './PromotionEditor.tsx';
import { PromotionsTab } from './PromotionsTab.tsx';
import { RanksTab } from './RanksTab.tsx';
import { ReviewsTab } from './ReviewsTab.tsx';
import { SecurityTab } from './SecurityTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { WalletTab } from './WalletTab.tsx';

const TABS: SectionTab[] = [
  { path: 'settings', label: 'program.tab.settings', element: <SettingsTab /> },
  { path: 'overrides', label: 'program.tab.overrides', element: <OverridesTab /> },
  { path: 'ranks', label: 'program.tab.ranks', element: <RanksTab /> },
  { path: 'promotions', label: 'program.tab.promotions', element: <PromotionsTab /> },
  { path: 'codes', label: 'program.tab.codes', element: <CodesTab /> },
  { path: 'security', label: 'program.tab.security', element: <SecurityTab /> },
  { path: 'links', label: 'program.tab.links', element: <LinksTab /> },
  { path: 'reviews', label: 'program.tab.reviews', element: <ReviewsTab /> },
  {
    path: 'wallet',
    label: 'program.tab.wallet',
    permission: 'integration.read',
    element: <WalletTab />,
  },
];

export default function ProgramPage() {
  return (
    <SectionTabs section="program" title="nav.program" tabs={TABS}>
      <Route path="promotions/:id" element={<PromotionEditor />} />
    </SectionTabs>
  );
}
