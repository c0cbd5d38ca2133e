// CSV and XLSX of a report: the server streams the file page by page; the browser takes it with
// the session's token (a plain link could not carry it) and saves it under the server's name.
import { api } from '../../api/client.ts';
import { toFailure } from '../../api/errors.ts';
import type { Lang } from '../../i18n/index.tsx';
import { saveFile } from '../../ui/saveFile.ts';

export type ReportPath =
  | '/api/admin/v1/reports/sales'
  | '/api/admin/v1/reports/demand'
  | '/api/admin/v1/reports/guest-spend'
  | '/api/admin/v1/reports/liability'
  | '/api/admin/v1/reports/ranks'
  | '/api/admin/v1/reports/promotions';

export type ExportFormat = 'csv' | 'xlsx';

export async function exportReport(
  path: ReportPath,
  query: Record<string, string>,
  format: ExportFormat,
  lang: Lang,
): Promise<void> {
  // A Russian Excel opens `;`-separated CSV with decimal commas; an English one expects `,`.
  const delimiter = format === 'csv' && lang === 'ru' ? { delimiter: ';' } : {};
  const { data, error, response } = await api.GET(path as '/api/admin/v1/reports/demand', {
    params: { query: { ...query, ...delimiter, format, lang } as never },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw toFailure(response.status, error);
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  saveFile(data, named?.[1] ?? `report.${format}`);
}
