// The frame around every section: the header (organization, language, who is signed in,
// sign-out, after which the login page opens), the menu of the sections the role may open, collapsing behind a burger on a phone.
import { AppShell, Burger, Button, Group, NavLink, SegmentedControl, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet } from 'react-router';
import { SECTIONS } from '../sections/index.ts';
import { useI18n, type Lang, type MessageKey } from '../i18n/index.tsx';
import { useAuth } from './auth.tsx';

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { t, lang, setLang } = useI18n();
  const { me, can, signOut, orgName } = useAuth();
  // «Анна · Управляющий»; a name that already says the role («Оператор установки (демо)») is
  // not followed by it a second time.
  const signedInAs = (name: string, role: string) =>
    name.toLowerCase().includes(role.toLowerCase()) ? name : t('shell.signedInAs', { name, role });
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('app.menu')}
            />
            <Text fw={700}>{t('app.name')}</Text>
            <Text c="dimmed" visibleFrom="sm" truncate>
              {orgName}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SegmentedControl
              size="xs"
              value={lang}
              onChange={(v) => setLang(v as Lang)}
              aria-label={t('app.language')}
              data={[
                { value: 'ru', label: 'RU' },
                { value: 'en', label: 'EN' },
              ]}
            />
            <Text size="sm" visibleFrom="sm" data-testid="who">
              {me && signedInAs(me.name, t(`role.${me.role}` as MessageKey))}
            </Text>
            <Button size="xs" variant="default" onClick={signOut}>
              {t('shell.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('app.menu')}>
        <nav>
          {SECTIONS.filter((s) => can(s.permission)).map((s) => (
            <NavLink
              key={s.path}
              component={RouterLink}
              to={`/${s.path}`}
              label={t(s.label)}
              onClick={close}
            />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
