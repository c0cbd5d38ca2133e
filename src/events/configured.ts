// The event worker as the installation configures it (README, configuration table).
import type { AppContext } from '../app/context.ts';
import { config } from '../config.ts';
import { apnsPusher } from '../app/wallet/apns.ts';
import { googleWalletHttp } from '../app/wallet/google-api.ts';
import { smtpSender, type EmailOptions } from './email/smtp.ts';
import { httpSender } from './webhook-sender.ts';
import { DEFAULT_WORKER, startWorker, type RunningWorker } from './worker.ts';

const WEBHOOK_TIMEOUT_MS = 10_000;
const APNS_TIMEOUT_MS = 10_000;
const GOOGLE_TIMEOUT_MS = 10_000;
const SMTP_TIMEOUT_MS = 15_000;

/** Test letters of the admin API go as the worker's letters do. */
export function configuredEmail(): EmailOptions {
  return {
    send: smtpSender({ allowPrivate: config.smtpAllowPrivate, timeoutMs: SMTP_TIMEOUT_MS }),
    allowPrivate: config.smtpAllowPrivate,
  };
}

export function startEventWorker(ctx: AppContext): RunningWorker {
  return startWorker(ctx, {
    ...DEFAULT_WORKER,
    send: httpSender({ allowPrivate: config.webhooksAllowPrivate, timeoutMs: WEBHOOK_TIMEOUT_MS }),
    pushPasses: apnsPusher({ url: config.apnsUrl, timeoutMs: APNS_TIMEOUT_MS }),
    googleWallet: googleWalletHttp({
      apiUrl: config.googleWalletApiUrl,
      tokenUrl: config.googleOAuthTokenUrl,
      timeoutMs: GOOGLE_TIMEOUT_MS,
    }),
    mail: configuredEmail().send,
  });
}
