// exceljs's streaming writer on its own: the package's entry point also loads its reader, its
// CSV support and the in-memory workbook, 12 MB more of a server's memory (docs/benchmarks.md).
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type { stream } from 'exceljs';

  const WorkbookWriter: typeof stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
