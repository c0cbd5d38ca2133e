// ≥ 10,000 generated bodies: whatever arrives, the parser answers with a typed request or a typed
// protocol error — no other exception, no hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DomainError } from '../../../src/domain/errors.ts';
import { FARCARDS_METHODS, parseFarCardsRequest, type FarCardsMethod } from '../../../src/integrations/rkeeper/farcards/requests.ts';
import { FakeTill } from '../../../src/integrations/rkeeper/simulator/till.ts';
import { SEED_000_CARD, SEED_000_STATION, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';

const till = new FakeTill({ baseUrl: 'http://127.0.0.1:9', restaurant: 1, station: SEED_000_STATION });
const VALID = [
  till.cardInfoBody(SEED_000_CARD.code, seed000Order(), 'OrderCalc'),
  till.cardInfoBody(SEED_000_CARD.code),
  till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid),
  '<ROOT><QRY Email="director@ucs.ru"/></ROOT>',
  '<ROOT><QRY CardCode="8002"/></ROOT>',
];
const RUNS = 2600; // × 4 properties = 10,400 bodies

function assertTyped(body: string | Uint8Array, method?: FarCardsMethod): void {
  const r = parseFarCardsRequest(body, undefined, method ? { method } : {});
  if (r.ok) {
    assert.ok(FARCARDS_METHODS.includes(r.value.method));
  } else {
    assert.ok(r.error instanceof DomainError);
    assert.match(r.error.code, /^rkeeper\.(xml|request)\.[a-z_]+$/);
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('<', '>', '&', '"', '<!DOCTYPE x>', ']]>', '<![CDATA[', '&#0;', '&amp;', '</ROOT>', '<X>', '\u0000', '\uD800')) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(body: string, muts: Mutation[]): string {
  let s = body;
  for (const m of muts) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'duplicate') s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
    else s = s.slice(0, at);
  }
  return s;
}

test('mutations of valid bodies', { timeout: 120_000 }, () => {
  fc.assert(
    fc.property(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.option(fc.constantFrom(...FARCARDS_METHODS), { nil: undefined }),
      (body, muts, method) => assertTyped(mutate(body, muts), method)),
    { numRuns: RUNS, seed: 4242 },
  );
});

test('random text and random bytes', { timeout: 120_000 }, () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), (body) => assertTyped(body)),
    { numRuns: RUNS, seed: 4243 },
  );
});

test('random attribute values in a well-formed transactionsex', { timeout: 120_000 }, () => {
  const value = fc.oneof(fc.string({ maxLength: 25 }), fc.integer().map(String), fc.double().map(String), fc.constantFrom('', '-0', '1e3', '0x10', '١٢', ' 5 ', '45355.9', '9'.repeat(30)));
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('Card', 'Kind', 'Summa', 'RKDate', 'RKUni', 'RKCheck', 'VatSumA', 'VatPrcH', 'PersonID', 'Restaurant'), value), { maxLength: 10 }),
      (pairs) => {
        const attrs = pairs.map(([k, v]) => ` ${k}="${v.replace(/[&<"]/g, '')}"`).join('');
        const seen = new Set<string>();
        const unique = pairs.every(([k]) => !seen.has(k) && seen.add(k));
        assertTyped(`<ROOT><Transactions><TransactionsEx${unique ? attrs : ''}/></Transactions></ROOT>`, 'transactionsex');
      }),
    { numRuns: RUNS, seed: 4244 },
  );
});

test('deep and wide nesting, closed or not', { timeout: 120_000 }, () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 3000 }), fc.boolean(), fc.constantFrom('a', 'CHECK', 'INPBUF', 'QRY'), (depth, closed, tag) => {
      const open = `<${tag} Card="1">`.repeat(depth);
      assertTyped(`<ROOT>${open}${closed ? `</${tag}>`.repeat(depth) : ''}</ROOT>`);
    }),
    { numRuns: RUNS, seed: 4245 },
  );
});
