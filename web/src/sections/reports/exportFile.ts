// CSV and XLSX of a report: the server streams the file page by page; the browser saves it
// under the server's name (ui/saveFile.ts).
import { api } from '../../api/client.ts';
import type { Lang } from '../../i18n/index.tsx';
import { saveAnswer } from '../../ui/saveFile.ts';

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
  const answer = await api.GET(path as '/api/admin/v1/reports/demand', {
    params: { query: { ...query, ...delimiter, format, lang } as never },
    parseAs: 'blob',
  });
  saveAnswer(answer, `report.${format}`);
}
