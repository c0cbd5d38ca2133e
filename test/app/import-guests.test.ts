// CSV import of guests and cards (`kopilka import guests`): good rows go in with a bonus wallet
// and a card, bad rows come back with their line numbers and reasons; ';' and ',', UTF-8 with
// a BOM and windows-1251.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { createCardMask, createGuest, issueCard } from '../../src/app/admin/guests.ts';
import { importGuestsCsv } from '../../src/cli/import.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, type OrgFixture } from '../support/fixtures.ts';

let t: TestDatabase;
let ctx: AppContext;
let dir: string;
let files = 0;

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db);
  dir = mkdtempSync(join(tmpdir(), 'kopilka-import-'));
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(content: string | Buffer): string {
  const path = join(dir, `guests-${++files}.csv`);
  writeFileSync(path, content);
  return path;
}

const BOM = '\uFEFF';

/** windows-1251 bytes: ASCII as is, Cyrillic А–я, Ё and ё by their code-page positions. */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0) as number;
      if (c < 0x80) return c;
      if (c >= 0x0410 && c <= 0x044f) return c - 0x0410 + 0xc0;
      if (c === 0x0401) return 0xa8;
      if (c === 0x0451) return 0xb8;
      throw new RangeError(`no windows-1251 byte for ${ch}`);
    }),
  );
}

async function importFile(org: OrgFixture, path: string, encoding = 'utf-8', delimiter?: string) {
  return importGuestsCsv(ctx, path, {
    orgId: org.orgId,
    encoding,
    progress: false,
    ...(delimiter ? { delimiter } : {}),
  });
}

async function guestsOf(orgId: number) {
  return t.db
    .selectFrom('guests as g')
    .innerJoin('cards as c', (j) =>
      j.onRef('c.org_id', '=', 'g.org_id').onRef('c.guest_id', '=', 'g.id'),
    )
    .leftJoin('accounts as a', (j) =>
      j
        .onRef('a.org_id', '=', 'g.org_id')
        .onRef('a.guest_id', '=', 'g.id')
        .on('a.kind', '=', 'bonus'),
    )
    .select([
      'g.last_name',
      'g.first_name',
      'g.phone',
      'g.email',
      'g.birthday',
      'g.sex',
      'g.consent_marketing',
      'g.external_id',
      'c.number',
      'c.uid',
      'c.kind',
      'c.status',
      'a.id as bonus_id',
      'a.balance as bonus_balance',
    ])
    .where('g.org_id', '=', orgId)
    .orderBy('c.number')
    .execute();
}

test('good rows are imported, bad rows are reported with line and reason', async () => {
  const org = await makeOrg(ctx);
  await createCardMask(ctx, org.actor, { name: 'Обычная', pattern: '2000####', kind: 'regular' });
  await createCardMask(ctx, org.actor, { name: 'VIP', pattern: '9*', kind: 'vip' });
  const holder = await createGuest(ctx, org.actor, { last_name: 'Есть' });
  await issueCard(ctx, org.actor, { guest_id: holder.id, number: '20009999' });
  const csv = [
    'card_number;card_uid;last_name;first_name;phone;email;birthday;sex;consent_marketing;external_id',
    '20000001;61366822;Иванов;Иван;+7 (900) 111-22-33;ivan@example.ru;1990-05-01;male;да;ext-1',
    '20000002;;Петров;Пётр;12345;;;;;',
    '20000003;;Сидоров;Семён;;not-an-e-mail;;;;',
    '20000004;;Кузнецова;Анна;;;1990-13-01;;;',
    '',
    '20000005;;Попова;Мария;;;1990-02-30;;;',
    ';;Без;Карты;;;;;;',
    '12345;;Не;ПоМаске;;;;;;',
    '20000001;;Дубль;Вфайле;;;;;;',
    '20009999;;Уже;Есть;;;;;;',
    '90001;;Смирнова;Ольга;89001112244;olga@example.ru;1985-12-31;female;0;ext-2',
    '20000006;;Плохой;Пол;;;;unknown;;',
    '20000007;;Дубль;Внешнего;;;;;;ext-1',
  ].join('\r\n');
  const result = await importFile(org, file(BOM + csv));
  // Clashes with the database are found per batch, so sort to compare.
  assert.deepEqual(
    result.errors.map((e) => [e.line, e.code]).sort((a, b) => Number(a[0]) - Number(b[0])),
    [
      [3, 'invalid_phone'],
      [4, 'invalid_email'],
      [5, 'invalid_birthday'],
      [7, 'invalid_birthday'],
      [8, 'card_number_required'],
      [9, 'card_number_fits_no_mask'],
      [10, 'duplicate_in_file'],
      [11, 'card_exists'],
      [13, 'invalid_sex'],
      [14, 'duplicate_in_file'],
    ],
  );
  for (const e of result.errors) assert.ok(e.reason.length > 0, `line ${e.line} has a reason`);
  assert.equal(result.imported, 2);

  const rows = await guestsOf(org.orgId);
  assert.deepEqual(
    rows.map((r) => r.number),
    ['20000001', '20009999', '90001'],
  );
  const ivan = rows[0];
  assert.deepEqual(
    { ...ivan, bonus_id: typeof ivan?.bonus_id },
    {
      last_name: 'Иванов',
      first_name: 'Иван',
      phone: '79001112233',
      email: 'ivan@example.ru',
      birthday: '1990-05-01',
      sex: 'male',
      consent_marketing: true,
      external_id: 'ext-1',
      number: '20000001',
      uid: '61366822',
      kind: 'regular',
      status: 'active',
      bonus_id: 'number',
      bonus_balance: 0,
    },
  );
  const olga = rows[2];
  assert.equal(olga?.phone, '79001112244', 'a Russian 8… number is stored as 7…');
  assert.equal(olga?.kind, 'vip');
  assert.equal(olga?.consent_marketing, false);
  assert.equal(typeof olga?.bonus_id, 'number', 'every imported guest gets a bonus wallet');
});

test("',' delimiter is detected from the header; quoted fields keep their commas", async () => {
  const org = await makeOrg(ctx);
  const csv = [
    'card_number,last_name,first_name,email',
    '5001,"Smith, Jr.",John,john@example.com',
    '5002,Doe,"Jane ""JD""",bad@',
    '5003,Roe,Richard,',
  ].join('\n');
  const result = await importFile(org, file(csv));
  assert.deepEqual(
    result.errors.map((e) => [e.line, e.code]),
    [[3, 'invalid_email']],
  );
  assert.equal(result.imported, 2);
  const rows = await guestsOf(org.orgId);
  assert.deepEqual(
    rows.map((r) => [r.number, r.last_name]),
    [
      ['5001', 'Smith, Jr.'],
      ['5003', 'Roe'],
    ],
  );
});

test('an explicit delimiter wins over detection', async () => {
  const org = await makeOrg(ctx);
  // The header has more commas than semicolons, but the file is ';'-separated.
  const csv = 'card_number;last_name\n6001;Ким, Ли\n';
  const result = await importFile(org, file(csv), 'utf-8', ';');
  assert.equal(result.imported, 1);
  assert.equal((await guestsOf(org.orgId))[0]?.last_name, 'Ким, Ли');
});

test('windows-1251 files import with --encoding windows-1251', async () => {
  const org = await makeOrg(ctx);
  const csv = [
    'card_number;last_name;first_name',
    '7001;Ёлкин;Илья',
    '7002;Щукина;Алёна',
    ';Жуков;Юрий',
  ].join('\r\n');
  const result = await importFile(org, file(cp1251(csv)), 'windows-1251');
  assert.equal(result.imported, 2);
  assert.deepEqual(
    result.errors.map((e) => [e.line, e.code]),
    [[4, 'card_number_required']],
  );
  const rows = await guestsOf(org.orgId);
  assert.deepEqual(
    rows.map((r) => [r.last_name, r.first_name]),
    [
      ['Ёлкин', 'Илья'],
      ['Щукина', 'Алёна'],
    ],
  );
});

test('a windows-1251 file read as UTF-8 is refused with a hint, and nothing crashes', async () => {
  const org = await makeOrg(ctx);
  const path = file(cp1251('card_number;last_name\n7101;Ёлкин\n'));
  await assert.rejects(importFile(org, path), /windows-1251/);
  assert.equal((await guestsOf(org.orgId)).length, 0);
});

test('20,000 rows import in one run', async () => {
  const org = await makeOrg(ctx);
  const n = 20_000;
  const lines = ['card_number;card_uid;last_name;first_name;phone;email'];
  for (let i = 0; i < n; i++)
    lines.push(
      `${3_000_000 + i};U${i};Гость;${i};+7900${String(i).padStart(7, '0')};g${i}@example.ru`,
    );
  const result = await importFile(org, file(lines.join('\n')));
  assert.deepEqual(result.errors, []);
  assert.equal(result.imported, n);
  const counts = await t.db
    .selectFrom('cards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', org.orgId)
    .executeTakeFirstOrThrow();
  const wallets = await t.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', org.orgId)
    .where('kind', '=', 'bonus')
    .executeTakeFirstOrThrow();
  assert.equal(Number(counts.n), n);
  assert.equal(Number(wallets.n), n);
});
