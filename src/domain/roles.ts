// Roles of the people who manage Kopilka (M3) and what each may do. Integration settings are
// for specialists (seeds 000, 001, 003): a manager cannot change them; an analyst changes
// nothing. Money a guest spends without bringing it (credit limits, payer links, adjustments)
// is created only by the owner and managers; the owner alone sets the ceilings on it. Why a
// connection to a POS server failed (refused, timed out, TLS, the server's own answer) maps the
// network behind Kopilka, so only the owner is told; others who check a connection hear that it failed.

export type Role = 'owner' | 'manager' | 'marketer' | 'analyst' | 'integrator' | 'support';
/**
 * Who signs in to the cabinet: a role of an organization, or the installation's operator —
 * whoever hosts Kopilka for many organizations. The operator is in no organization: it
 * creates organizations, their first owners and restaurants, and sees none of their guests,
 * operations or reports (docs/security.md).
 */
export type AdminRole = Role | 'operator';
export const ROLES: readonly Role[] = [
  'owner',
  'manager',
  'marketer',
  'analyst',
  'integrator',
  'support',
];

export type Permission =
  | 'org.read' // organization, restaurants, venue card
  | 'org.write'
  | 'program.read' // loyalty program, ranks, promotions, codes, footers
  | 'program.write'
  | 'guests.read' // guests, cards, accounts, history
  | 'guests.write'
  | 'balances.adjust' // manual corrections of balances
  | 'money.issue' // credit limits and payer links: money a guest spends without bringing it
  | 'money.limits' // the organization's ceilings on top-ups, credit limits and payer links
  | 'integration.read' // POS connections, terminals and keys, card masks, deposit schemes
  | 'integration.write'
  | 'integration.diagnose' // the precise reason a connection to a POS server failed
  | 'reports.read'
  | 'users.manage'
  | 'audit.read'
  // The installation's operator alone: organizations and their first owners, restaurants for
  // them, the installation's audit log, letters to organizations. No organization role has it.
  | 'installation.manage';

const ALL: readonly Permission[] = [
  'org.read',
  'org.write',
  'program.read',
  'program.write',
  'guests.read',
  'guests.write',
  'balances.adjust',
  'money.issue',
  'money.limits',
  'integration.read',
  'integration.write',
  'integration.diagnose',
  'reports.read',
  'users.manage',
  'audit.read',
];

export const ROLE_PERMISSIONS: Record<AdminRole, readonly Permission[]> = {
  operator: ['installation.manage'],
  owner: ALL,
  manager: [
    'org.read',
    'org.write',
    'program.read',
    'program.write',
    'guests.read',
    'guests.write',
    'balances.adjust',
    'money.issue',
    'integration.read',
    'reports.read',
    'audit.read',
  ],
  marketer: ['org.read', 'program.read', 'program.write', 'guests.read', 'reports.read'],
  analyst: [
    'org.read',
    'program.read',
    'guests.read',
    'integration.read',
    'reports.read',
    'audit.read',
  ],
  integrator: ['org.read', 'program.read', 'guests.read', 'integration.read', 'integration.write'],
  support: [
    'org.read',
    'program.read',
    'guests.read',
    'guests.write',
    'integration.read',
    'audit.read',
  ],
};

export function can(role: AdminRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Lockout after repeated failed logins: five tries, then a quarter of an hour. */
export const LOGIN_POLICY = { maxFailures: 5, lockMinutes: 15 } as const;
export const SESSION_HOURS = 12;
