// The scheduler: two schedulers racing over many periods run a job exactly once per period; a
// failing job records its error and runs again the next period, covering the failed one; the
// admin API shows last run, next run and last error. Both databases.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { openDatabase, type OpenDatabase } from '../../src/db/connect.ts';
import { every, HOUR, type JobDefinition, type JobRun } from '../../src/scheduler/job.ts';
import { SCHEDULED_JOBS } from '../../src/scheduler/jobs.ts';
import { registerJobs, runDueJobs } from '../../src/scheduler/scheduler.ts';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, manualClock, testServer } from '../support/fixtures.ts';

let t: TestDatabase;
let second: OpenDatabase | null = null;
const clock = manualClock(new Date('2025-01-01T00:00:00Z'));
let a: AppContext;
let b: AppContext;
const quiet = { leaseMs: 10 * 60_000, log: () => undefined };

before(async () => {
  t = await testDatabase();
  // On PostgreSQL the second scheduler has a pool of its own, as another process would.
  second = t.url ? await openDatabase({ kind: 'postgres', url: t.url, poolSize: 4 }) : null;
  a = createContext(t.db, { now: clock.now });
  b = createContext(second?.db ?? t.db, { now: clock.now });
});
after(async () => {
  await second?.close();
  await t.close();
});

const statusOf = (name: string) =>
  t.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

test('two schedulers racing run a job once per period', async () => {
  const runs: JobRun[] = [];
  const job: JobDefinition = {
    name: 'test-race',
    description: { ru: 'тест', en: 'test' },
    schedule: { ru: 'каждый час', en: 'every hour' },
    nextRunAfter: every(HOUR),
    run: async (_ctx, run) => {
      runs.push(run);
      await sleep(15); // long enough for the other scheduler to try meanwhile
    },
  };
  await Promise.all([registerJobs(a, [job]), registerJobs(b, [job])]);
  for (let period = 0; period < 12; period++) {
    // Three looks per period from each scheduler, at the same moments.
    for (let look = 0; look < 3; look++) {
      const ran = await Promise.all([runDueJobs(a, [job], quiet), runDueJobs(b, [job], quiet)]);
      assert.ok(ran.flat().length <= 1, `period ${period}: ${ran.flat().length} runs`);
      clock.advance(10 * 60_000);
    }
    clock.advance(30 * 60_000);
  }
  assert.equal(runs.length, 12);
  // Each run sees where the previous one started: nothing between them is left uncovered.
  for (let i = 1; i < runs.length; i++) {
    assert.equal(runs[i]!.since?.getTime(), runs[i - 1]!.now.getTime());
  }
  const row = await statusOf('test-race');
  assert.equal(row.runs, 12);
  assert.equal(row.failures, 0);
  assert.equal(row.running_until, null);
});

test('a failing job records its error and runs again the next period, covering the failed one', async () => {
  let fail = true;
  const seen: JobRun[] = [];
  const job: JobDefinition = {
    name: 'test-failing',
    description: { ru: 'тест', en: 'test' },
    schedule: { ru: 'каждый час', en: 'every hour' },
    nextRunAfter: every(HOUR),
    run: async (_ctx, run) => {
      seen.push(run);
      if (fail) throw new Error('the receiver is down');
    },
  };
  const logged: string[] = [];
  const logging = { ...quiet, log: (m: string) => void logged.push(m) };
  clock.set(new Date('2025-02-01T10:05:00Z'));
  await registerJobs(a, [job]);
  assert.deepEqual(await runDueJobs(a, [job], logging), ['test-failing']);
  clock.set(new Date('2025-02-01T11:00:00Z'));
  assert.deepEqual(await runDueJobs(b, [job], logging), ['test-failing']);
  let row = await statusOf('test-failing');
  // The row tells every organization only the error's kind; the message stays in the server log.
  assert.equal(row.last_error, 'Error');
  // The log's line names the run by its start, which the row keeps too.
  assert.equal(row.last_started_at?.toISOString(), '2025-02-01T11:00:00.000Z');
  assert.ok(
    logged.some((m) =>
      m.includes('test-failing (run of 2025-02-01T11:00:00.000Z) failed: the receiver is down'),
    ),
  );
  assert.equal(row.failures, 2);
  assert.equal(row.last_success_at, null);
  assert.equal(row.next_run_at.toISOString(), '2025-02-01T12:00:00.000Z');
  // Not again within the period.
  clock.set(new Date('2025-02-01T11:59:59Z'));
  assert.deepEqual(await runDueJobs(a, [job], quiet), []);
  fail = false;
  clock.set(new Date('2025-02-01T12:00:00Z'));
  assert.deepEqual(await runDueJobs(a, [job], quiet), ['test-failing']);
  row = await statusOf('test-failing');
  assert.equal(row.last_error, null);
  assert.equal(row.failures, 2);
  assert.equal(row.last_success_at?.toISOString(), '2025-02-01T12:00:00.000Z');
  // The failed runs moved nothing: the successful one still covers from the very start.
  assert.equal(seen.at(-1)!.since, null);
});

test('a run whose process died holds its job until the lease ends, then the job runs again', async () => {
  const job: JobDefinition = {
    name: 'test-lease',
    description: { ru: 'тест', en: 'test' },
    schedule: { ru: 'каждые 5 минут', en: 'every 5 minutes' },
    nextRunAfter: every(5 * 60_000),
    run: async () => undefined,
  };
  clock.set(new Date('2025-03-01T00:00:00Z'));
  await registerJobs(a, [job]);
  // A process claimed it and died: the row says running for the lease.
  await t.db
    .updateTable('scheduled_jobs')
    .set({
      running_until: new Date('2025-03-01T00:30:00Z'),
      next_run_at: new Date('2025-03-01T00:05:00Z'),
    })
    .where('name', '=', 'test-lease')
    .execute();
  clock.set(new Date('2025-03-01T00:10:00Z'));
  assert.deepEqual(await runDueJobs(a, [job], quiet), []);
  clock.set(new Date('2025-03-01T00:30:00Z'));
  assert.deepEqual(await runDueJobs(a, [job], quiet), ['test-lease']);
  assert.equal((await statusOf('test-lease')).running_until, null);
});

test('the admin API lists every job with its last and next run and last error', async () => {
  clock.set(new Date('2025-04-01T12:00:00Z'));
  const server = await testServer(t.db, clock);
  try {
    const org = await makeOrg(server.ctx);
    const users = await signInEveryRole(server.ctx, server.app, org, 'jobs');
    const call = adminCaller(server.app);
    await registerJobs(server.ctx, SCHEDULED_JOBS);
    await runDueJobs(server.ctx, SCHEDULED_JOBS, quiet);
    const res = await call('GET', '/scheduled-jobs', users.integrator.token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.rows.map((r: { name: string }) => r.name),
      SCHEDULED_JOBS.map((j) => j.name),
    );
    for (const r of res.body.rows) {
      assert.equal(r.last_started_at, '2025-04-01T12:00:00.000Z');
      assert.equal(r.next_run_at, '2025-04-01T13:00:00.000Z');
      assert.equal(r.last_error, null, r.name);
      assert.equal(r.running, false);
      assert.match(r.description.ru, /[а-я]/);
    }
    assert.equal((await call('GET', '/scheduled-jobs', null)).status, 401);
  } finally {
    await server.app.close();
  }
});
