// The cabinet's sections: one entry here and one folder under sections/ add a section. The
// menu, the routes and the role check are all made from this list; each section is its own
// chunk, loaded when first opened, and owns the routes below its path (guests/123 …).
import type { ComponentType } from 'react';
import type { Permission } from '../app/auth.tsx';
import type { MessageKey } from '../i18n/index.tsx';

export interface Section {
  /** The URL segment: /guests, /guests/… */
  path: string;
  label: MessageKey;
  /** What the role must be allowed to see the section at all. */
  permission: Permission;
  load: () => Promise<{ default: ComponentType }>;
}

export const SECTIONS: readonly Section[] = [
  // The installation's operator: organizations, letters to them and its own log (no
  // organization's data).
  {
    path: 'organizations',
    label: 'nav.organizations',
    permission: 'installation.manage',
    load: () => import('./organizations/OrganizationsPage.tsx'),
  },
  {
    path: 'announcements',
    label: 'nav.announcements',
    permission: 'installation.manage',
    load: () => import('./organizations/AnnouncementsPage.tsx'),
  },
  {
    path: 'installation-audit',
    label: 'nav.installationAudit',
    permission: 'installation.manage',
    load: () => import('./organizations/InstallationAuditPage.tsx'),
  },
  {
    path: 'dashboard',
    label: 'nav.dashboard',
    permission: 'reports.read',
    load: () => import('./dashboard/DashboardPage.tsx'),
  },
  {
    path: 'guests',
    label: 'nav.guests',
    permission: 'guests.read',
    load: () => import('./guests/GuestsPage.tsx'),
  },
  // Программа лояльности, Проверка чека, Отчёты, Заведения и кассы (web-sections)
  {
    path: 'program',
    label: 'nav.program',
    permission: 'program.read',
    load: () => import('./program/ProgramPage.tsx'),
  },
  {
    path: 'reports',
    label: 'nav.reports',
    permission: 'reports.read',
    load: () => import('./reports/ReportsPage.tsx'),
  },
  {
    path: 'venues',
    label: 'nav.venues',
    permission: 'org.read',
    load: () => import('./venues/VenuesPage.tsx'),
  },
  {
    path: 'notifications',
    label: 'nav.notifications',
    permission: 'org.read',
    load: () => import('./notifications/NotificationsPage.tsx'),
  },
  {
    path: 'integrations',
    label: 'nav.integrations',
    permission: 'integration.read',
    load: () => import('./integrations/IntegrationsPage.tsx'),
  },
  {
    path: 'users',
    label: 'nav.users',
    permission: 'users.manage',
    load: () => import('./users/UsersPage.tsx'),
  },
  {
    path: 'audit',
    label: 'nav.audit',
    permission: 'audit.read',
    load: () => import('./audit/AuditPage.tsx'),
  },
  {
    path: 'check',
    label: 'nav.check',
    permission: 'program.read',
    load: () => import('./check/CheckPage.tsx'),
  },
];
