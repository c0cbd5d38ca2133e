// Программа лояльности: the settings with their explanations, per-restaurant overrides, ranks,
// promotions, promo and payment codes, security events — one tab each, one address each.
import { Stack, Tabs, Title } from '@mantine/core';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { CodesTab } from './CodesTab.tsx';
import { LinksTab } from './LinksTab.tsx';
import { OverridesTab } from './OverridesTab.tsx';
import { PromotionEditor } from './PromotionEditor.tsx';
import { PromotionsTab } from './PromotionsTab.tsx';
import { RanksTab } from './RanksTab.tsx';
import { ReviewsTab } from './ReviewsTab.tsx';
import { SecurityTab } from './SecurityTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';

const TABS: { path: string; label: MessageKey }[] = [
  { path: 'settings', label: 'program.tab.settings' },
  { path: 'overrides', label: 'program.tab.overrides' },
  { path: 'ranks', label: 'program.tab.ranks' },
  { path: 'promotions', label: 'program.tab.promotions' },
  { path: 'codes', label: 'program.tab.codes' },
  { path: 'security', label: 'program.tab.security' },
  { path: 'links', label: 'program.tab.links' },
  { path: 'reviews', label: 'program.tab.reviews' },
];

export default function ProgramPage() {
  const { t } = useI18n();
  const loc = useLocation();
  const navigate = useNavigate();
  const current = loc.pathname.replace(/^\/program\/?/, '').split('/')[0] || 'settings';
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.program')}
      </Title>
      <Tabs
        value={current}
        onChange={(v) => navigate(v === 'settings' ? '/program' : `/program/${v}`)}
      >
        <Tabs.List>
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.path} value={tab.path}>
              {t(tab.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<SettingsTab />} />
        <Route path="overrides" element={<OverridesTab />} />
        <Route path="ranks" element={<RanksTab />} />
        <Route path="promotions" element={<PromotionsTab />} />
        <Route path="promotions/:id" element={<PromotionEditor />} />
        <Route path="codes" element={<CodesTab />} />
        <Route path="security" element={<SecurityTab />} />
        <Route path="links" element={<LinksTab />} />
        <Route path="reviews" element={<ReviewsTab />} />
      </Routes>
    </Stack>
  );
}
