// Reading /metrics in tests: a scrape from loopback, and one series' value by its labels.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

export async function scrape(app: FastifyInstance, headers: Record<string, string> = {}) {
  const r = await app.inject({ url: '/metrics', headers });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return r.body;
}

/** The value of the series `name` whose labels include all of `labels`, summed; 0 when absent. */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    if (want.every((w) => inner.split(',').includes(w))) sum += Number(line.split(' ').pop());
  }
  return sum;
}
