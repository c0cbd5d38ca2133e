// Migrations are the TypeScript modules in ./migrations, applied in name order at server start
// and by `kopilka migrate`, the same on PostgreSQL and PGlite. They are listed here rather than
// read from the folder at run time, so the server runs from one bundle (bin/kopilka.mjs); a
// test fails when a file in the folder is missing from the list.
import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './connect.ts';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_admin_users.ts';
import * as m0003 from './migrations/0003_loyalty.ts';
import * as m0004 from './migrations/0004_iiko.ts';
import * as m0005 from './migrations/0005_rkeeper.ts';
import * as m0006 from './migrations/0006_admin.ts';
import * as m0007 from './migrations/0007_reports.ts';
import * as m0008 from './migrations/0008_ledger_write_cost.ts';
import * as m0009 from './migrations/0009_line_payments.ts';
import * as m0010 from './migrations/0010_ledger_lookups.ts';
import * as m0011 from './migrations/0011_refuse.ts';
import * as m0012 from './migrations/0012_order_net_total.ts';
import * as m0013 from './migrations/0013_sign_in_failures.ts';
import * as m0014 from './migrations/0014_sealed_secrets.ts';
import * as m0015 from './migrations/0015_rkeeper_license_notice.ts';
import * as m0016 from './migrations/0016_users_email_per_org.ts';
import * as m0017 from './migrations/0017_money_limits.ts';
import * as m0018 from './migrations/0018_guest_search.ts';
import * as m0019 from './migrations/0019_guest_channels.ts';
import * as m0020 from './migrations/0020_payment_orders.ts';
import * as m0021 from './migrations/0021_events.ts';
import * as m0022 from './migrations/0022_scheduled_jobs.ts';
import * as m0023 from './migrations/0023_wallet.ts';
import * as m0024 from './migrations/0024_etips.ts';
import * as m0025 from './migrations/0025_email.ts';
import * as m0026 from './migrations/0026_pos_promotion_switches.ts';
import * as m0027 from './migrations/0027_installation.ts';
import * as m0028 from './migrations/0028_single_active_card.ts';
import * as m0029 from './migrations/0029_announcements.ts';
import * as m0030 from './migrations/0030_google_wallet.ts';

/** Every migration by its file name without the extension. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_core': m0001,
  '0002_admin_users': m0002,
  '0003_loyalty': m0003,
  '0004_iiko': m0004,
  '0005_rkeeper': m0005,
  '0006_admin': m0006,
  '0007_reports': m0007,
  '0008_ledger_write_cost': m0008,
  '0009_line_payments': m0009,
  '0010_ledger_lookups': m0010,
  '0011_refuse': m0011,
  '0012_order_net_total': m0012,
  '0013_sign_in_failures': m0013,
  '0014_sealed_secrets': m0014,
  '0015_rkeeper_license_notice': m0015,
  '0016_users_email_per_org': m0016,
  '0017_money_limits': m0017,
  '0018_guest_search': m0018,
  '0019_guest_channels': m0019,
  '0020_payment_orders': m0020,
  '0021_events': m0021,
  '0022_scheduled_jobs': m0022,
  '0023_wallet': m0023,
  '0024_etips': m0024,
  '0025_email': m0025,
  '0026_pos_promotion_switches': m0026,
  '0027_installation': m0027,
  '0028_single_active_card': m0028,
  '0029_announcements': m0029,
  '0030_google_wallet': m0030,
};

export function migrator(db: Database): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
}

export async function migrateToLatest(db: Database): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
