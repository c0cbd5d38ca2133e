// `kopilka worker`: the event worker and the scheduler alone, for installations that keep
// delivery and scheduled jobs off the servers' processes (KOPILKA_EVENT_WORKER=off on them) or
// want more of it. Stops cleanly on SIGINT / SIGTERM, finishing the round and the job in progress.
import { startEventWorker } from '../events/configured.ts';
import { SCHEDULED_JOBS } from '../scheduler/jobs.ts';
import { startScheduler } from '../scheduler/scheduler.ts';
import { openRuntime } from './runtime.ts';

export async function runWorker(): Promise<void> {
  const rt = await openRuntime();
  const worker = startEventWorker(rt.ctx);
  const scheduler = startScheduler(rt.ctx, SCHEDULED_JOBS);
  console.log(`Kopilka event worker running on ${rt.where}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await scheduler.stop();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
