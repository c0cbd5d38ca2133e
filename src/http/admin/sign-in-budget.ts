// The server's sign-in budget at the door: a sign-in beyond it is refused before its body is
// read, parsed or validated — a flood of refused sign-ins is answered in the same event loop
// as the tills, so each refusal must cost as little as an answer can. It still waits out the
// same floor as a wrong password (SIGN_IN_FLOOR_MS from its arrival), so the answer does not
// tell the budget's refusal from a password check by its time, and a refused client does not
// ask again at once; the wait is one timer, dropped if the client goes away, and the unread
// body is discarded by Node once the answer is sent (the connection stays open for the next).
//
// A preParsing hook, not onRequest: the per-address limit (@fastify/rate-limit, an onRequest
// hook) answers first, so one address's guesses, stopped there, never spend the budget that
// every address shares.
import type { preParsingHookHandler } from 'fastify';
import { SIGN_IN_FLOOR_MS, takeSignIn, tooManySignInsMessage } from '../../app/admin/sign-in.ts';
import type { TokenBucket } from '../../app/token-bucket.ts';
import { errorBody } from '../errors.ts';
import { note } from '../outcome.ts';

export function refuseBeyondBudget(budget: TokenBucket): preParsingHookHandler {
  return (req, reply, payload, done) => {
    const seconds = takeSignIn(budget);
    if (seconds === 0) return done(null, payload);
    note(req, { refusal: 'too_many_sign_ins' });
    const message = tooManySignInsMessage(seconds);
    const answer = () => {
      void reply
        .status(429)
        .header('retry-after', String(seconds))
        .send(
          errorBody(req, 'too_many_sign_ins', message.ru, message.en, {
            retry_after_seconds: seconds,
          }),
        );
    };
    const wait = SIGN_IN_FLOOR_MS - reply.elapsedTime;
    if (wait <= 0) return answer();
    const timer = setTimeout(answer, wait);
    reply.raw.once('close', () => clearTimeout(timer));
  };
}
