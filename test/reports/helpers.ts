// Signing in to the admin API and reading reports back: JSON, CSV (parsed) and XLSX (read
// with exceljs), for the report tests.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../src/app/admin/users.ts';
import type { AppContext } from '../../src/app/context.ts';
import type { OrgFixture } from '../support/fixtures.ts';

export async function signIn(
  app: FastifyInstance,
  ctx: AppContext,
  org: OrgFixture,
  role: 'owner' | 'analyst' | 'integrator' = 'analyst',
): Promise<string> {
  const email = `${role}-${org.orgId}@example.ru`;
  await createUser(ctx, org.actor, { email, name: role, role, password: 'correct horse battery' });
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  return (JSON.parse(res.body) as { token: string }).token;
}

export async function report(app: FastifyInstance, token: string, path: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/admin/v1/reports/${path}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, body: res.body };
}

export const json = (r: { body: string }) => JSON.parse(r.body);

/** CSV rows as text cells; the byte-order mark is checked and stripped. */
export function csvRows(raw: Buffer, delimiter = ','): string[][] {
  const text = raw.toString('utf8');
  if (!text.startsWith('\uFEFF')) throw new Error('CSV lacks the UTF-8 byte-order mark');
  return parse(text.slice(1), { delimiter, relax_column_count: true }) as string[][];
}

/** The first sheet's rows as arrays of cell values (1-based columns mapped to 0-based). */
export async function xlsxRows(raw: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(raw as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return rows;
}
