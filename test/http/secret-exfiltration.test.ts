// The stored-password exfiltration of the security review, for the r_keeper XML interface and
// iiko Server: someone who may edit a connection but never saw its password points it at a host
// of theirs without typing the password (refused: secret_requires_reentry, settings unchanged)
// and runs the connection check — which must not send the stored credential there. A host of
// the attacker's listens throughout and records every request; a control proves it would see
// credentials if Kopilka sent any. A row altered in the database (host changed behind the
// API's back) cannot be opened either: the seal is bound to the address.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { IikoServerSimulator } from '../../src/integrations/iiko/simulator/server.ts';
import {
  startCashServer,
  type CashServer,
} from '../../src/integrations/rkeeper/simulator/cash-server.ts';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';

const XML_PASSWORD = 'xml-Пароль-42';
const IIKO_PASSWORD = 'iiko-Пароль-42';

interface Seen {
  url: string;
  authorization: string | undefined;
}
interface Trap {
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

/** The attacker's host: answers 401 to everything and remembers what it was sent. */
async function trap(tls: boolean): Promise<Trap> {
  const seen: Seen[] = [];
  const handler: http.RequestListener = (req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    res.writeHead(401).end();
  };
  let server: http.Server;
  if (tls) {
    const pems = await generate([{ name: 'commonName', value: 'evil' }], {
      keyType: 'ec',
      algorithm: 'sha256',
    });
    server = https.createServer({ key: pems.private, cert: pems.cert }, handler);
  } else {
    server = http.createServer(handler);
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let org: OrgFixture;
let integrator: string;
let cash: CashServer;
let sim: IikoServerSimulator;
let xmlTrap: Trap;
let iikoTrap: Trap;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  integrator = (await signInEveryRole(server.ctx, server.app, org, 'x')).integrator.token;
  cash = await startCashServer({ user: 'probonus', password: XML_PASSWORD });
  sim = await IikoServerSimulator.start({ password: IIKO_PASSWORD });
  xmlTrap = await trap(true);
  iikoTrap = await trap(false);
});
after(async () => {
  await Promise.all([cash.stop(), sim.close(), xmlTrap.close(), iikoTrap.close()]);
  await server.app.close();
  await t.close();
});

const xml = (over: Record<string, unknown> = {}) => ({
  kind: 'mid',
  host: cash.host,
  port: cash.port,
  user: 'probonus',
  allow_self_signed: true,
  ...over,
});

test('r_keeper XML: another host without the password is refused; the check sends nothing there', async () => {
  const saved = await call(
    'PUT',
    '/rkeeper/xml-settings',
    integrator,
    xml({ password: XML_PASSWORD }),
  );
  assert.equal(saved.status, 200);
  const moved = await call('PUT', '/rkeeper/xml-settings', integrator, xml({ port: xmlTrap.port }));
  assert.equal(moved.status, 400);
  assert.equal(moved.body.error.code, 'secret_requires_reentry');
  assert.equal(moved.body.error.details.field, 'password');
  const kept = await call('GET', '/rkeeper/xml-settings', integrator);
  assert.equal(kept.body.port, cash.port, 'the refused save changed nothing');
  const otherHost = await call(
    'PUT',
    '/rkeeper/xml-settings',
    integrator,
    xml({ host: 'localhost' }),
  );
  assert.equal(otherHost.body.error.code, 'secret_requires_reentry');
  const check = await call('POST', '/rkeeper/xml-settings/check', integrator);
  assert.equal(check.body.ok, true);
  assert.deepEqual(xmlTrap.seen, []);
});

test('r_keeper XML: a host changed in the database cannot open the password', async () => {
  await t.db
    .updateTable('rkeeper_xml_settings')
    .set({ port: xmlTrap.port })
    .where('org_id', '=', org.orgId)
    .execute();
  const check = await call('POST', '/rkeeper/xml-settings/check', integrator);
  assert.equal(check.status, 409);
  assert.equal(check.body.error.code, 'secret_unreadable');
  assert.deepEqual(xmlTrap.seen, []);
});

test('r_keeper XML control: a password typed for the new host goes there, and only that one', async () => {
  const typed = 'typed-for-this-host';
  const saved = await call(
    'PUT',
    '/rkeeper/xml-settings',
    integrator,
    xml({ port: xmlTrap.port, password: typed }),
  );
  assert.equal(saved.status, 200);
  await call('POST', '/rkeeper/xml-settings/check', integrator);
  assert.ok(xmlTrap.seen.length > 0, 'the trap sees requests sent to it');
  const sent = xmlTrap.seen.map((s) =>
    Buffer.from((s.authorization ?? '').slice(6), 'base64').toString(),
  );
  assert.ok(
    sent.every((s) => s === `probonus:${typed}`),
    sent.join(),
  );
  assert.ok(!JSON.stringify(xmlTrap.seen).includes(XML_PASSWORD));
});

const iiko = (over: Record<string, unknown> = {}) => ({
  serverName: 'Мой ресторан',
  protocol: 'http',
  address: '127.0.0.1',
  port: sim.port,
  login: 'kopilka',
  timeoutMs: 2000,
  ...over,
});

test('iiko Server: another address without the password is refused; the check sends nothing there', async () => {
  const saved = await call('PUT', '/iiko/server', integrator, iiko({ password: IIKO_PASSWORD }));
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(saved.body.settings.passwordSet, true);
  const same = await call('PUT', '/iiko/server', integrator, iiko({ timeoutMs: 3000 }));
  assert.equal(same.status, 200, 'the same address keeps the stored password');
  for (const over of [{ port: iikoTrap.port }, { address: 'localhost' }, { protocol: 'https' }]) {
    const moved = await call('PUT', '/iiko/server', integrator, iiko(over));
    assert.equal(moved.status, 400, JSON.stringify(over));
    assert.equal(moved.body.error.code, 'secret_requires_reentry');
  }
  const kept = await call('GET', '/iiko/server', integrator);
  assert.equal(kept.body.settings.port, sim.port);
  const check = await call('POST', '/iiko/server/check', integrator);
  assert.equal(check.body.ok, true, JSON.stringify(check.body));
  assert.deepEqual(iikoTrap.seen, []);
});

test('iiko Server: an address changed in the database cannot open the digest', async () => {
  await t.db
    .updateTable('iiko_server_settings')
    .set({ port: iikoTrap.port })
    .where('org_id', '=', org.orgId)
    .execute();
  const check = await call('POST', '/iiko/server/check', integrator);
  assert.equal(check.body.error.code, 'secret_unreadable');
  assert.deepEqual(iikoTrap.seen, []);
});

test('iiko Server control: a password typed for the new address goes there, and only that one', async () => {
  const saved = await call(
    'PUT',
    '/iiko/server',
    integrator,
    iiko({ port: iikoTrap.port, password: 'typed' }),
  );
  assert.equal(saved.status, 200);
  await call('POST', '/iiko/server/check', integrator);
  assert.ok(iikoTrap.seen.length > 0, 'the trap sees requests sent to it');
  const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
  const text = JSON.stringify(iikoTrap.seen);
  assert.ok(text.includes(sha1('typed')));
  assert.ok(!text.includes(sha1(IIKO_PASSWORD)));
});

test('stored passwords are never returned, nor in the audit log, nor in clear in the database', async () => {
  const rows = JSON.stringify([
    await t.db.selectFrom('rkeeper_xml_settings').selectAll().execute(),
    await t.db.selectFrom('iiko_server_settings').selectAll().execute(),
    await t.db.selectFrom('audit_log').select(['before', 'after']).execute(),
  ]);
  const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
  for (const secret of [XML_PASSWORD, IIKO_PASSWORD, 'typed', sha1(IIKO_PASSWORD), sha1('typed')]) {
    assert.ok(!rows.includes(secret), secret);
  }
});
