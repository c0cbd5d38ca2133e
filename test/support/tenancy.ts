// The tables of Kopilka that are not one organization's rows (docs/scaling.md): the key check
// (test/db/tenancy-keys) and the statement check (test/db/statement-tenancy) leave them out.

/** Tables that are not one organization's rows, and the key each may have instead. */
export const GLOBAL_TABLES: Record<string, { key: string; why: string }> = {
  organizations: {
    key: 'id',
    why: 'the tenants themselves: distributed by id, which is every other table’s org_id, so co-located with them',
  },
  kysely_migration: {
    key: 'name',
    why: 'the schema’s own history, one per database: kept on the coordinator, never joined',
  },
  kysely_migration_lock: {
    key: 'id',
    why: 'the migrator’s lock row, one per database: on the coordinator',
  },
  sign_in_failures: {
    key: 'email',
    why: 'failed sign-ins counted per e-mail before anyone knows the organization: a small reference table, written only on a wrong password',
  },
  scheduled_jobs: {
    key: 'name',
    why: 'the installation’s scheduled jobs, one row each, claimed by whichever process runs it: no organization’s rows',
  },
  operators: {
    key: 'id',
    why: 'the installation’s operators belong to no organization: on the coordinator, read at their sign-in',
  },
  operator_sessions: {
    key: 'id',
    why: 'the operators’ sessions, beside operators on the coordinator',
  },
  installation_audit: {
    key: 'id',
    why: 'what operators did, which no organization reads: on the coordinator',
  },
  password_setups: {
    key: 'id',
    why: 'one-time password links looked up by their token before anyone is signed in (the first operator’s has no organization): on the coordinator; its key to users goes when distributing',
  },
  announcements: {
    key: 'id',
    why: 'news and maintenance letters of the installation’s operator to every organization: their letters are each organization’s own rows (email_deliveries)',
  },
  guest_attempts: {
    key: 'key',
    why: 'one-time codes and joins counted per phone and per address across organizations: an SMS costs the installation whichever venue asked',
  },
};
