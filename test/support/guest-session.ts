// A guest signed in to their own page the way a phone does it: the organization's registration
// link, a one-time code sent by a recording SMS sender, and sign-in with that code.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { SmsSender } from '../../src/app/guests/sms.ts';
import { adminCaller } from './admin.ts';

export interface RecordingSms {
  sms: SmsSender;
  sent: { phone: string; text: string }[];
}

export function recordingSms(): RecordingSms {
  const sent: RecordingSms['sent'] = [];
  return {
    sent,
    sms: { name: 'test', send: async (phone, text) => void sent.push({ phone, text }) },
  };
}

/** "Bearer kg_…" of a guest session for the guest with this phone (signed in, not joined). */
export async function guestSignIn(
  app: FastifyInstance,
  outbox: RecordingSms,
  adminToken: string,
  phone: string,
): Promise<string> {
  const links = await adminCaller(app)('GET', '/registration-links', adminToken);
  const token = links.body.rows[0].token;
  const post = (url: string, body: object) =>
    app.inject({ method: 'POST', url: `/api/guest/v1/links/${token}${url}`, payload: body });
  assert.equal((await post('/codes', { phone })).statusCode, 202);
  const code = /^(\d{6})/.exec(outbox.sent.at(-1)?.text ?? '')?.[1];
  const s = await post('/sign-in', { phone, code });
  assert.equal(s.statusCode, 200, s.body);
  return `Bearer ${JSON.parse(s.body).token}`;
}
