import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFarCardsRequest } from '../../../src/integrations/rkeeper/farcards/requests.ts';

const cardInfo = (card: string, extra = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?><ROOT><QRY Card="${card}" Restaurant="9999" UnitNo="2"/>${extra}</ROOT>`;

function errorCode(body: Uint8Array | string, contentType?: string, maxBytes?: number): string {
  const r = parseFarCardsRequest(body, contentType, {
    method: 'getcardinfoex',
    ...(maxBytes ? { limits: { maxBytes, maxDepth: 64 } } : {}),
  });
  assert.equal(r.ok, false, 'expected a protocol error');
  return r.ok ? '' : r.error.code;
}

test('a declared windows-1251 body is decoded as windows-1251', () => {
  const head = Buffer.from('<?xml version="1.0" encoding="windows-1251"?><ROOT><QRY Email="');
  const name = Buffer.from([0xe8, 0xe2, 0xe0, 0xed]); // "иван" in windows-1251
  const r = parseFarCardsRequest(Buffer.concat([head, name, Buffer.from('@example.ru"/></ROOT>')]), 'text/xml', { method: 'findemail' });
  assert.ok(r.ok);
  assert.deepEqual(r.value, { method: 'findemail', email: 'иван@example.ru' });
});

test('the Content-Type charset is used when the body declares none; UTF-8 otherwise', () => {
  const body = Buffer.concat([Buffer.from('<ROOT><QRY Email="'), Buffer.from([0xe8]), Buffer.from('@x.ru"/></ROOT>')]);
  const r = parseFarCardsRequest(body, 'text/xml; charset=windows-1251', { method: 'findemail' });
  assert.ok(r.ok && r.value.method === 'findemail' && r.value.email === 'и@x.ru');
  assert.equal(errorCode(body), 'rkeeper.xml.encoding'); // 0xE8 alone is not UTF-8
  const utf8 = parseFarCardsRequest(Buffer.from('\uFEFF<ROOT><QRY Card="Ё1"/></ROOT>'), undefined, { method: 'getcardinfoex' });
  assert.ok(utf8.ok && utf8.value.method === 'getcardinfoex' && utf8.value.card === 'Ё1');
});

test('unknown encodings are refused', () => {
  assert.equal(errorCode(Buffer.from('<?xml version="1.0" encoding="koi8-r"?><ROOT><QRY Card="1"/></ROOT>')), 'rkeeper.xml.encoding');
  assert.equal(errorCode(Buffer.from([0xff, 0xfe, 0x3c, 0x00])), 'rkeeper.xml.encoding');
  assert.equal(errorCode('<?xml version="1.0" encoding="ebcdic"?><ROOT/>'), 'rkeeper.xml.encoding');
});

test('billion laughs and every other DTD are refused before parsing', () => {
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
    ']><ROOT><QRY Card="&lol9;"/></ROOT>';
  const started = Date.now();
  assert.equal(errorCode(laughs), 'rkeeper.xml.dtd_forbidden');
  assert.ok(Date.now() - started < 1000);
  assert.equal(errorCode('<!DOCTYPE ROOT SYSTEM "file:///etc/passwd"><ROOT><QRY Card="1"/></ROOT>'), 'rkeeper.xml.dtd_forbidden');
  assert.equal(errorCode('<ROOT><!ENTITY x "y"><QRY Card="1"/></ROOT>'), 'rkeeper.xml.dtd_forbidden');
  assert.equal(errorCode('<!doctype x><ROOT/>'), 'rkeeper.xml.dtd_forbidden');
});

test('undeclared entities and bare ampersands are malformed; predefined and numeric ones decode', () => {
  assert.equal(errorCode(cardInfo('&xxe;')), 'rkeeper.xml.malformed');
  assert.equal(errorCode(cardInfo('a & b')), 'rkeeper.xml.malformed');
  assert.equal(errorCode(cardInfo('&#0;')), 'rkeeper.xml.malformed');
  const r = parseFarCardsRequest(cardInfo('8&amp;0&#x41;&#66;&lt;'), undefined, { method: 'getcardinfoex' });
  assert.ok(r.ok && r.value.method === 'getcardinfoex');
  assert.equal(r.value.card, '8&0AB<');
});

test('oversized bodies are refused by byte count, before decoding', () => {
  const big = cardInfo('1', `<PAD>${'x'.repeat(2 * 1024 * 1024)}</PAD>`);
  assert.equal(errorCode(big), 'rkeeper.xml.too_large');
  assert.equal(errorCode(Buffer.from(big)), 'rkeeper.xml.too_large');
  assert.equal(errorCode(cardInfo('1'), undefined, 50), 'rkeeper.xml.too_large');
  // Cyrillic is two bytes in UTF-8: the limit counts bytes, not characters.
  assert.equal(errorCode(cardInfo('ж'.repeat(60)), undefined, 150), 'rkeeper.xml.too_large');
});

test('malformed XML gives a typed error, never an exception', () => {
  const bodies = [
    '', '   ', 'not xml', '<ROOT>', '<ROOT><QRY Card="1"></ROOT>', '<ROOT/><ROOT/>', '<ROOT/>trailing',
    '<ROOT><QRY Card="1" Card="2"/></ROOT>', '<ROOT><QRY Card=1/></ROOT>', '<1ROOT/>', '<ROOT><QRY Card="1"/>',
    '<' + 'a>'.repeat(5000), '<a>'.repeat(100) + '</a>'.repeat(100), '<ROOT><![CDATA[</ROOT>',
  ];
  for (const body of bodies) {
    const r = parseFarCardsRequest(body, undefined, { method: 'getcardinfoex' });
    assert.equal(r.ok, false, JSON.stringify(body.slice(0, 40)));
    if (!r.ok) {
      assert.equal(r.error.kind, 'validation');
      assert.match(r.error.code, /^rkeeper\.(xml|request)\./);
      assert.ok(r.error.messageRu.length > 0 && r.error.message.length > 0);
    }
  }
});

test('deep nesting is cut at the configured depth', () => {
  const deep = '<ROOT><QRY Card="1"/>' + '<X>'.repeat(70) + '</X>'.repeat(70) + '</ROOT>';
  const r = parseFarCardsRequest(deep, undefined, { method: 'getcardinfoex' });
  assert.ok(!r.ok && r.error.code === 'rkeeper.xml.malformed');
});
