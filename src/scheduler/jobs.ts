// Every scheduled job of the installation: the registry the scheduler runs. A module adds a job
// by writing its JobDefinition (./job.ts) next to its own code and listing it here; the
// scheduler registers its row on start and the admin API shows it (docs/events.md).
import type { JobDefinition } from './job.ts';
import { birthdayLists } from './jobs/birthday-lists.ts';
import { bonusLotsAvailable } from './jobs/bonus-available.ts';
import { bonusLotsExpiry } from './jobs/bonus-expiry.ts';
import { rankDemotion } from './jobs/rank-demotion.ts';

export const SCHEDULED_JOBS: readonly JobDefinition[] = [
  bonusLotsExpiry,
  bonusLotsAvailable,
  rankDemotion,
  birthdayLists,
];
