// Metrics of `serve --workers N` as one server's: a scrape reaches whichever worker takes the
// connection, and that worker asks the primary, which gathers every worker's registries over
// node:cluster's IPC (prom-client's AggregatorRegistry: counters and histograms summed,
// process metrics each by its own rule) and answers with the whole. Without workers a process
// answers from its own registries.
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import client from 'prom-client';

type Ask = { kopilka: 'metrics?'; id: string };
type Answer = { kopilka: 'metrics'; id: string; text?: string; error?: string };

const isAsk = (m: unknown): m is Ask =>
  typeof m === 'object' && m !== null && (m as Ask).kopilka === 'metrics?';
const isAnswer = (m: unknown): m is Answer =>
  typeof m === 'object' && m !== null && (m as Answer).kopilka === 'metrics';

/** In a worker: its registries are what it reports when the primary gathers. */
export function reportToPrimary(registries: client.Registry[]): void {
  // Constructing one is what makes prom-client answer the primary's requests in a worker.
  new client.AggregatorRegistry();
  client.AggregatorRegistry.setRegistries(registries);
}

/** In a worker: every worker's metrics, summed by the primary. */
export function metricsOfAllWorkers(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (!isAnswer(m) || m.id !== id) return;
      process.off('message', onMessage);
      if (m.text !== undefined) resolve(m.text);
      else reject(new Error(m.error ?? 'no metrics'));
    };
    process.on('message', onMessage);
    process.send!({ kopilka: 'metrics?', id } satisfies Ask);
  });
}

/** In the primary: answers the workers' requests for everyone's metrics. */
export function gatherForWorkers(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on('message', (worker, m: unknown) => {
    if (!isAsk(m)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ kopilka: 'metrics', id: m.id, text } satisfies Answer),
      (e: unknown) =>
        worker.send({ kopilka: 'metrics', id: m.id, error: String(e) } satisfies Answer),
    );
  });
}

export const inWorker = () => cluster.isWorker && typeof process.send === 'function';
