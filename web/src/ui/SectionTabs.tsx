// A section's heading and its tabs, one address per tab (/venues, /venues/terminals …): the
// first tab is the section's own address. Tabs the role may not read are left out, and so are
// their routes: a tab's element is routed only for a role that sees the tab.
import { Group, Stack, Tabs, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth, type Permission } from '../app/auth.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

export interface SectionTab {
  path: string;
  label: MessageKey;
  /** Beyond the section's own permission; absent: whoever opens the section. */
  permission?: Permission;
  /** The tab's screen; a section that routes its tabs itself passes <Route>s as children. */
  element?: ReactElement;
}

/** The tabs the signed-in role may read, in order. */
export function useAllowedTabs<T extends SectionTab>(tabs: readonly T[]): T[] {
  const { can } = useAuth();
  return tabs.filter((tab) => !tab.permission || can(tab.permission));
}

export function SectionTabs(props: {
  /** The section's URL segment, without slashes. */
  section: string;
  title: MessageKey;
  tabs: readonly SectionTab[];
  /** Beside the heading: the section's own action (a new restaurant). */
  action?: ReactNode;
  /** Changing it remounts the tab's screen (it reloads what it read). */
  version?: number;
  /** Shown between the tabs and the tab's screen (a load failure of what every tab uses). */
  notice?: ReactNode;
  /** More <Route>s: addresses below a tab (promotions/:id) or tabs routed by the section. */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const loc = useLocation();
  const navigate = useNavigate();
  const tabs = useAllowedTabs(props.tabs);
  const index = props.tabs[0]?.path;
  const base = `/${props.section}`;
  const current = loc.pathname.slice(base.length).replace(/^\//, '').split('/')[0] || index;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t(props.title)}
        </Title>
        {props.action}
      </Group>
      <Tabs value={current} onChange={(v) => navigate(v === index ? base : `${base}/${v}`)}>
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.path} value={tab.path}>
              {t(tab.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {props.notice}
      <Routes key={props.version}>
        {tabs.map(
          (tab) =>
            tab.element &&
            (tab.path === index ? (
              <Route key={tab.path} index element={tab.element} />
            ) : (
              <Route key={tab.path} path={tab.path} element={tab.element} />
            )),
        )}
        {props.children}
      </Routes>
    </Stack>
  );
}
