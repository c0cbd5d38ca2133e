// Nothing the till shows or prints is lost to its code page: every FarCards answer Kopilka can
// build — card info, every refusal, every protocol error, with every Russian and English message
// in the code base and with guests' own texts full of «₽» and emoji — encodes to Windows-1251
// without a replacement character. The encoder here is built from the platform's own
// windows-1251 decoder, independently of till-text.ts's table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DomainError } from '../../../src/domain/errors.ts';
import type { CardInfo } from '../../../src/app/cards.ts';
import { cardInfoAnswer } from '../../../src/integrations/rkeeper/farcards/card-answer.ts';
import {
  buildCardNotFoundResponse,
  buildFindEmailResponse,
  buildGetCardImageExError,
  buildGetCardInfoExResponse,
  buildProtocolErrorResponse,
  buildTransactionsExResponse,
  HOLDER_MAX,
  TEXT_MAX,
} from '../../../src/integrations/rkeeper/farcards/responses.ts';
import { FARCARDS_METHODS } from '../../../src/integrations/rkeeper/farcards/requests.ts';
import { tillText } from '../../../src/integrations/rkeeper/farcards/till-text.ts';
import { findAll, parseXmlText } from '../../../src/integrations/rkeeper/farcards/xml.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { answerAttrs, farCardsSetup } from './helpers.ts';

/** Windows-1251 as the platform decodes it: character → byte; C0/C1 controls other than \n excluded. */
const CP1251 = new Map<string, number>();
for (let b = 0; b < 256; b++) {
  const c = new TextDecoder('windows-1251').decode(Uint8Array.of(b));
  const code = c.codePointAt(0) ?? 0;
  if (c === '\n' || (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)))
    CP1251.set(c, b);
}

/** Characters of `text` Windows-1251 cannot hold (the DLL would print «?» for each). */
function lost(text: string): string[] {
  return Array.from(text).filter((c) => !CP1251.has(c));
}

/** Every attribute value of an answer, i.e. everything the DLL copies into its ANSI buffers. */
function texts(xml: string): string[] {
  const out: string[] = [];
  const walk = (el: ReturnType<typeof parseXmlText>) => {
    out.push(...Object.values(el.attrs));
    el.children.forEach(walk);
  };
  walk(parseXmlText(xml));
  return out;
}

function assertTillSafe(xml: string, what: string): void {
  for (const t of texts(xml)) assert.deepEqual(lost(t), [], `${what}: ${JSON.stringify(t)}`);
}

/** Every Russian and English message literal in src/, placeholders filled with hostile text. */
function allMessages(): string[] {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const out = new Set<string>();
  const literal = /\b(?:ru|en):\s*(?:'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`)/g;
  for (const f of files('src')) {
    for (const m of readFileSync(f, 'utf8').matchAll(literal)) {
      out.add((m[1] ?? m[2] ?? '').replace(/\$\{[^}]*\}/g, '1 500.00 ₽ 🎉 Ş'));
    }
  }
  return [...out];
}

const HOSTILE = [
  'Депозит: 100.00 ₽',
  'С днём рождения 🎂🎉',
  'Код оплаты 7K2Q ✅',
  'Café «Ёлка» — 10 %',
  'Ωmega ∞ 漢字',
  '−5 ₽ × 2',
  'a\u202Fb\u2009c',
  '👨‍👩‍👧 семья',
];

test('tillText: «₽» becomes «руб.», emoji and foreign scripts leave, typography the code page has stays', () => {
  assert.equal(tillText('Депозит: 100.00 ₽', 255), 'Депозит: 100.00 руб.');
  assert.equal(tillText('Бонусы 🎉🎂: 5', 255), 'Бонусы : 5');
  assert.equal(tillText('«Ёлка» — №1…', 255), '«Ёлка» — №1…');
  assert.equal(tillText('Café −5', 255), 'Cafe -5');
  assert.equal(tillText('漢字', 255), '');
  assert.equal(tillText('строка 1\r\nстрока\t2', 255), 'строка 1\nстрока 2');
  assert.equal(
    tillText('₽'.repeat(100), 10),
    'руб.руб.ру',
    'cut after the replacement: the buffer counts bytes',
  );
});

test('every message in the code base survives Windows-1251 in every FarCards answer it can reach', () => {
  const messages = allMessages();
  assert.ok(messages.length > 200, `found ${messages.length} messages`);
  assert.ok(
    messages.some((m) => m.includes('₽')),
    'the scan sees messages with the rouble sign',
  );
  for (const text of [...messages, ...HOSTILE]) {
    const error = new DomainError('validation', 'rkeeper.request.bad_value', {
      ru: text,
      en: text,
    });
    for (const method of [...FARCARDS_METHODS, undefined])
      assertTillSafe(buildProtocolErrorResponse(method, error), `${method} error`);
    assertTillSafe(buildCardNotFoundResponse(text), 'card not found');
    assertTillSafe(
      buildTransactionsExResponse({ ok: false, errorCode: 2001, errorText: text }),
      'refusal',
    );
    assertTillSafe(
      buildTransactionsExResponse({
        ok: true,
        warning: text,
        transactions: [{ num: 1, cardCode: '1', slip: text, extInfo: text }],
      }),
      'warning',
    );
    assertTillSafe(buildFindEmailResponse({ found: false, errorText: text }), 'findemail refusal');
    assertTillSafe(
      buildFindEmailResponse({ found: true, account: 1, cardCode: '1', name: text }),
      'findemail',
    );
    assertTillSafe(buildGetCardImageExError(text), 'getcardimageex');
  }
});

function cardInfo(name: string, blockReason: string | null): CardInfo {
  const flags = {
    deleted: false,
    seize: false,
    blocked: blockReason !== null,
    blockReason,
    expired: false,
    notActiveYet: false,
    needsManager: false,
  };
  return {
    card: { id: 7, number: '100038', uid: '61366822', flags },
    guest: { id: 5, name },
    accounts: [
      { kind: 'deposit', available: 150_000 },
      { kind: 'bonus', available: 2_500 },
    ],
  } as unknown as CardInfo;
}

test("card info with a guest's, a rank's and a footer's own texts: every answer kind is till-safe", () => {
  for (const text of HOSTILE) {
    const answer = cardInfoAnswer(cardInfo(`Анна ${text}`, text), {
      rank: `Золото ${text}`,
      footer: [text, 'Баланс: 15.00 ₽'],
    });
    const xml = buildGetCardInfoExResponse({ ...answer, dopInfo: text });
    assertTillSafe(xml, 'card info');
    const el = findAll(parseXmlText(xml), ['GetCardInfoEx'])[0];
    assert.match(el?.attrs['ScrMessage'] ?? '', /Депозит: 1500\.00 руб\./);
    assert.match(el?.attrs['PrnMessage'] ?? '', /Баланс: 15\.00 руб\./);
  }
});

test('any text at all: every answer stays within Windows-1251 and the DLL buffers', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      const xml = buildGetCardInfoExResponse({
        holder: text,
        whyLock: text,
        dopInfo: text,
        screenMessage: text,
        printMessage: text,
      });
      const el = findAll(parseXmlText(xml), ['GetCardInfoEx'])[0];
      assertTillSafe(xml, 'fuzz');
      assert.ok(Array.from(el?.attrs['Holder'] ?? '').length <= HOLDER_MAX);
      assert.ok(Array.from(el?.attrs['ScrMessage'] ?? '').length <= TEXT_MAX);
      assertTillSafe(
        buildTransactionsExResponse({ ok: false, errorCode: 2001, errorText: text }),
        'fuzz refusal',
      );
    }),
    { numRuns: 2000 },
  );
});

let t: TestDatabase;
before(async () => {
  t = await testDatabase();
});
after(async () => {
  await t.close();
});

test('through the server: a guest named with emoji gets a card answer the till can print', async () => {
  const s = await farCardsSetup(t, 150_000);
  try {
    await t.db
      .updateTable('guests')
      .set({ first_name: 'Анна 🌸', last_name: 'Смирнова ✨' })
      .where('id', '=', s.guest.guestId)
      .execute();
    const r = await s.post('getcardinfoex', s.till.cardInfoBody('100038'));
    assertTillSafe(r.body, 'getcardinfoex');
    const a = answerAttrs(r.root, 'GetCardInfoEx');
    assert.equal(a.Result, '0');
    assert.match(a.ScrMessage ?? '', /Депозит: 1500\.00 руб\./);
    assert.doesNotMatch(r.body, /₽|🌸|✨/u);
    const unknown = await s.post('getcardinfoex', s.till.cardInfoBody('999'));
    assertTillSafe(unknown.body, 'card not found');
    const bad = await s.post(
      'transactionsex',
      '<ROOT><Transactions><TransactionsEx Card="100038" Kind="0" Summa="-1"/></Transactions><InpBuf><CHECK chmode="42"/></InpBuf></ROOT>',
    );
    assertTillSafe(bad.body, 'unknown chmode');
  } finally {
    await s.server.app.close();
  }
});
