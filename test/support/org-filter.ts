// Does a SQL statement keep to one organization? The check behind test/db/statement-tenancy:
// under Citus (docs/scaling.md) a statement runs on one node only when every tenant table it
// touches is pinned to one org_id. Not a SQL parser — a reading of the statements Kopilka
// writes, strict enough that dropping any org_id condition or column from them fails:
// - a table read, updated or deleted from must have `<alias>.org_id = $n` (or `org_id = $n`
//   when it has no alias) at its own level of parentheses, or `<alias>.org_id = <other>.org_id`
//   where the other is pinned (a join, a correlated subquery);
// - a table inserted into must name org_id among its columns.
// CTE names, functions (jsonb_to_recordset(…)) and words that are no table are skipped.

export interface Problem {
  table: string;
  alias: string;
  why: string;
}

const WORD = '[a-z_][a-z0-9_]*';
const NOT_ALIAS = new Set([
  'where',
  'on',
  'set',
  'values',
  'select',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'join',
  'order',
  'group',
  'limit',
  'for',
  'returning',
  'using',
  'with',
  'union',
  'having',
  'offset',
  'default',
  'on',
  'natural',
  'lateral',
  'window',
]);

/** Lower case, identifiers unquoted, comments and string literals out. */
function normalize(statement: string): string {
  return statement
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"([a-z_][a-z0-9_]*)"/gi, '$1')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/**
 * The statement's level that `at` is on: from the parenthesis that opens it to the one that
 * closes it, without the subqueries nested in it (function calls and lists stay).
 */
function ownLevel(text: string, at: number): string {
  let start = 0;
  for (let i = at - 1, depth = 0; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && depth-- === 0) {
      start = i + 1;
      break;
    }
  }
  let end = text.length;
  for (let i = at, depth = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && depth-- === 0) {
      end = i;
      break;
    }
  }
  let out = '';
  for (let i = start; i < end; i++) {
    if (text[i] !== '(') {
      out += text[i];
      continue;
    }
    let close = i;
    for (let depth = 0; close < end; close++) {
      if (text[close] === '(') depth++;
      else if (text[close] === ')' && --depth === 0) break;
    }
    const group = text.slice(i, close + 1);
    out += /\bselect\b/.test(group) ? ' ' : group;
    i = close;
  }
  return out;
}

interface Ref {
  table: string;
  alias: string;
  insert: boolean;
  at: number;
  columns: string;
}

function references(text: string, tables: ReadonlySet<string>): Ref[] {
  const ctes = new Set(
    [...text.matchAll(new RegExp(`(?:\\bwith|,)\\s*(${WORD})\\s+as\\s*\\(`, 'g'))].map((m) => m[1]),
  );
  const refs: Ref[] = [];
  const re = new RegExp(
    `\\b(from|join|update|into)\\s+(${WORD})(?:\\s*\\(([^)]*)\\))?(?:\\s+(?:as\\s+)?(${WORD}))?`,
    'g',
  );
  for (const m of text.matchAll(re)) {
    const [, verb, table, columns, alias] = m as unknown as [
      string,
      string,
      string,
      string?,
      string?,
    ];
    if (ctes.has(table) || !tables.has(table)) continue;
    if (verb !== 'into' && columns !== undefined) continue; // a function call
    refs.push({
      table,
      alias: alias && !NOT_ALIAS.has(alias) ? alias : table,
      insert: verb === 'into',
      at: m.index ?? 0,
      columns: columns ?? '',
    });
  }
  return refs;
}

/** The problems of one statement; `tables` are the tenant tables (global ones left out). */
export function orgFilterProblems(statement: string, tables: ReadonlySet<string>): Problem[] {
  const text = normalize(statement);
  const refs = references(text, tables);
  const problems: Problem[] = [];
  const side = (alias: string, bare: boolean) => (bare ? `(?:${alias}\\.)?` : `${alias}\\.`);
  const byParameter = (alias: string, bare: boolean) =>
    new RegExp(
      `(?:^|[^a-z0-9_.])${side(alias, bare)}org_id\\s*=\\s*(?:\\$\\d+|any\\s*\\(\\s*\\$\\d+)|\\$\\d+\\s*=\\s*${side(alias, bare)}org_id\\b`,
    );
  const byJoin = (alias: string) =>
    new RegExp(
      `\\b${alias}\\.org_id\\s*=\\s*(${WORD})\\.org_id\\b|\\b(${WORD})\\.org_id\\s*=\\s*${alias}\\.org_id\\b`,
      'g',
    );
  const reads = refs.filter((r) => !r.insert);
  const levels = new Map(reads.map((r) => [r, ownLevel(text, r.at)]));
  // Pinned by a parameter first, then by equality with a pinned reference, until nothing changes.
  const pinned = new Set(
    reads.filter((r) => byParameter(r.alias, r.alias === r.table).test(levels.get(r) ?? '')),
  );
  const isPinned = (alias: string) => reads.some((r) => r.alias === alias && pinned.has(r));
  for (let changed = true; changed;) {
    changed = false;
    for (const r of reads) {
      if (pinned.has(r)) continue;
      const others = [...(levels.get(r) ?? '').matchAll(byJoin(r.alias))].map((m) => m[1] ?? m[2]);
      if (others.some((other) => other !== undefined && other !== r.alias && isPinned(other))) {
        pinned.add(r);
        changed = true;
      }
    }
  }
  for (const r of reads) {
    if (!pinned.has(r))
      problems.push({ table: r.table, alias: r.alias, why: 'read without an org_id condition' });
  }
  for (const r of refs.filter((x) => x.insert)) {
    if (!/\borg_id\b/.test(r.columns))
      problems.push({ table: r.table, alias: r.alias, why: 'inserted without org_id' });
  }
  return problems;
}

/** The statements of a snapshot file (test/snapshots/sql/): `-- statement n of m` apart. */
export function snapshotStatements(text: string): string[] {
  return text
    .split(/^-- statement \d+ of \d+\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
