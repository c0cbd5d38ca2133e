// Sealed secrets: a value opens only under the same key, for the same purpose and the same
// normalized address; a save without the secret keeps the stored one only for that address;
// the installation key comes from KOPILKA_SECRET_KEY or is made once in the data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  SecretBox,
  endpointOf,
  ephemeralSecretBox,
  loadSecretBox,
  sealOnSave,
} from '../../src/app/stored-secrets.ts';

const code = (e: unknown) => (e instanceof DomainError ? e.code : String(e));
const HOME = endpointOf('https', 'mid.example', 4545);

test('an address is spelled one way: scheme and host lower-case, no trailing dot, IPv6 bracketed', () => {
  assert.equal(endpointOf('HTTPS', ' Mid.Example. ', 4545), HOME);
  assert.equal(endpointOf('http', '::1', 8080), 'http://[::1]:8080');
  assert.notEqual(endpointOf('http', 'mid.example', 4545), HOME);
});

test('a sealed secret opens only for its key, purpose and address', () => {
  const box = ephemeralSecretBox();
  const sealed = box.seal('rkeeper_xml', HOME, 'Пароль-42');
  assert.ok(
    !sealed.includes('Пароль') && !sealed.includes(Buffer.from('Пароль-42').toString('base64url')),
  );
  assert.notEqual(box.seal('rkeeper_xml', HOME, 'Пароль-42'), sealed, 'a fresh IV every time');
  assert.equal(box.open('rkeeper_xml', HOME, sealed), 'Пароль-42');
  const refused = (f: () => unknown) => assert.throws(f, (e) => code(e) === 'secret_unreadable');
  refused(() => box.open('rkeeper_xml', endpointOf('https', 'evil.example', 4545), sealed));
  refused(() => box.open('rkeeper_xml', endpointOf('https', 'mid.example', 4546), sealed));
  refused(() => box.open('iiko_server', HOME, sealed));
  refused(() => ephemeralSecretBox().open('rkeeper_xml', HOME, sealed));
  const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string];
  const flipped = Buffer.from(body, 'base64url');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  refused(() =>
    box.open('rkeeper_xml', HOME, [v, iv, tag, flipped.toString('base64url')].join('.')),
  );
  refused(() => box.open('rkeeper_xml', HOME, 'plain text password'));
});

test('a save without the secret keeps it only while the address stays the same', () => {
  const box = ephemeralSecretBox();
  const before = { endpoint: HOME, sealed: box.seal('p', HOME, 's3cret') };
  assert.equal(sealOnSave(box, 'p', HOME, undefined, before), before.sealed);
  const evil = endpointOf('https', 'evil.example', 443);
  assert.throws(
    () => sealOnSave(box, 'p', evil, undefined, before),
    (e) => code(e) === 'secret_requires_reentry',
  );
  const fresh = sealOnSave(box, 'p', evil, 'new', before);
  assert.equal(box.open('p', evil, fresh ?? ''), 'new');
  assert.equal(sealOnSave(box, 'p', HOME, undefined, null), null);
  assert.equal(sealOnSave(box, 'p', HOME, undefined, { endpoint: HOME, sealed: null }), null);
});

test('the key: KOPILKA_SECRET_KEY (hex or base64), else made once in the data directory (600)', () => {
  const key = randomBytes(32);
  const sealed = new SecretBox(key).seal('p', HOME, 'x');
  for (const text of [key.toString('hex'), key.toString('base64')]) {
    const { box, source } = loadSecretBox(loadConfig({ KOPILKA_SECRET_KEY: text }));
    assert.equal(source, 'KOPILKA_SECRET_KEY');
    assert.equal(box.open('p', HOME, sealed), 'x');
  }
  assert.throws(
    () => loadConfig({ KOPILKA_SECRET_KEY: 'too short' }),
    /KOPILKA_SECRET_KEY.*32 bytes/,
  );
  const dir = mkdtempSync(join(tmpdir(), 'kopilka-key-'));
  try {
    const first = loadSecretBox(loadConfig({ KOPILKA_DATA_DIR: join(dir, 'data') }));
    const file = join(dir, 'data', 'secret.key');
    assert.equal(first.source, file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = readFileSync(file, 'utf8');
    const again = loadSecretBox(loadConfig({ KOPILKA_DATA_DIR: join(dir, 'data') }));
    assert.equal(readFileSync(file, 'utf8'), text, 'made once, then reused');
    assert.equal(again.box.open('p', HOME, first.box.seal('p', HOME, 'y')), 'y');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
