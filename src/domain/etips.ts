// E-tips (G4): a tips service's page of one recipient is a link made from the service's
// template and the recipient's id at the service — the venue's own (the team) or its waiter's.
// What a manager saves is checked here: the template is an https address with {recipient} and
// no other placeholder, and a recipient id is what fits in an address unescaped, so the
// rendered link is exactly the template with the id in its place.
import { DomainError } from './errors.ts';

export const RECIPIENT_PLACEHOLDER = '{recipient}';
const RECIPIENT = /^[A-Za-z0-9._~-]{1,64}$/;
const TEMPLATE_MAX = 300;

export interface VenueTips {
  enabled: boolean;
  serviceName: string;
  linkTemplate: string;
  recipient: string;
  onReceipt: boolean;
  onGuestPage: boolean;
  /** Waiter (as the till names the operator) → recipient id. */
  waiters: ReadonlyMap<string, string>;
}

function problem(code: string, field: string, ru: string, en: string, value?: unknown) {
  return new DomainError(
    'validation',
    `etips.${code}`,
    { ru: `${field}: ${ru}`, en: `${field}: ${en}` },
    { field, value },
  );
}

export function validateTemplate(template: string, field = 'link_template'): DomainError[] {
  const errors: DomainError[] = [];
  if (template.length > TEMPLATE_MAX)
    errors.push(
      problem(
        'template_too_long',
        field,
        `не длиннее ${TEMPLATE_MAX} символов`,
        `at most ${TEMPLATE_MAX} characters`,
      ),
    );
  if (!template.includes(RECIPIENT_PLACEHOLDER))
    errors.push(
      problem(
        'template_without_recipient',
        field,
        'в ссылке нет {recipient} — места для идентификатора получателя',
        'the link has no {recipient}: the place of the recipient id',
        template,
      ),
    );
  const others = (template.match(/\{[^}]*\}/g) ?? []).filter((p) => p !== RECIPIENT_PLACEHOLDER);
  if (others.length > 0)
    errors.push(
      problem(
        'template_unknown_placeholder',
        field,
        `неизвестная подстановка ${others.join(', ')}; допустима только {recipient}`,
        `unknown placeholder ${others.join(', ')}; only {recipient} is allowed`,
        others,
      ),
    );
  let url: URL | null = null;
  try {
    url = new URL(template.split(RECIPIENT_PLACEHOLDER).join('recipient'));
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname.includes('.'))
    errors.push(
      problem(
        'template_not_https',
        field,
        'нужен адрес https:// сервиса чаевых, например https://pay.cloudtips.ru/p/{recipient}',
        'an https:// address of the tips service is needed, e.g. https://pay.cloudtips.ru/p/{recipient}',
        template,
      ),
    );
  return errors;
}

export function validateRecipient(recipient: string, field = 'recipient'): DomainError[] {
  return RECIPIENT.test(recipient)
    ? []
    : [
        problem(
          'recipient_invalid',
          field,
          'идентификатор получателя в сервисе чаевых: 1–64 латинских букв, цифр и знаков . _ ~ -',
          'the recipient id at the tips service: 1–64 Latin letters, digits and . _ ~ -',
          recipient,
        ),
      ];
}

/** The link to the waiter's page when the venue knows the waiter, else the venue's own. */
export function tipsLink(tips: VenueTips, waiter?: string | null): string {
  const recipient = (waiter ? tips.waiters.get(waiter) : undefined) ?? tips.recipient;
  return tips.linkTemplate.split(RECIPIENT_PLACEHOLDER).join(recipient);
}
