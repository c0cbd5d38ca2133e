// The Kopilka plugin as a C# developer writes it from docs/integrations/iiko.md, modelled in
// TypeScript so the simulated iikoFront can call it the way iikoFront calls IPaymentProcessor:
// CollectData asks for the card and keeps it in the payment's rollback data, Pay and
// PaySilently send /pay, a return sends its own returnId, and when Pay's outcome stays unknown
// the plugin cancels by transactionId before it throws — iikoFront will not call
// EmergencyCancelPayment after a Pay that threw. `legacy: true` plays the plugin written from
// the contract before that rule (it throws and waits for an EmergencyCancelPayment that never
// comes, and keys every return of a payment on the payment's transactionId), so the
// simulator's tests can show the money it loses.
import { randomUUID } from 'node:crypto';
import { roublesToKopecks } from '../dictionaries.ts';
import { postJson, type Answer } from './plugin-http.ts';

/** PaymentActionFailedException: iikoFront aborts the operation and shows the message. */
export class PaymentActionFailed extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentActionFailed';
  }
}

/** PaymentActionCancelledException: the cashier pressed «Отмена»; iikoFront shows nothing. */
export class PaymentActionCancelled extends Error {
  constructor() {
    super('cancelled by the cashier');
    this.name = 'PaymentActionCancelled';
  }
}

export type CardInput =
  { number: string } | { track: string } | { uid: string } | { phone: string };

/** What the plugin keeps in the payment item (IPaymentDataContext.SetRollbackData). */
export interface RollbackData {
  card: CardInput;
  guestName: string;
}

/**
 * IPaymentDataContext: rollback data the plugin stores (iikoFront keeps it in the payment item
 * and hands it to every later call on that item) and the custom data a payment added through
 * the API carries (ExternalPaymentItemAdditionalData.CustomData), read by silent payments.
 */
export class PaymentDataContext {
  rollback: RollbackData | null = null;
  infoForReports: { data: string; cardType: string } | null = null;
  constructor(readonly customData: string | null = null) {}
}

/** IViewManager as far as the plugin uses it: the card input dialog. */
export interface ViewManager {
  /** ShowInputDialog(Card | Number): the card swiped or typed; null for «Отмена». */
  askCard(prompt: string): CardInput | null;
}

/** The IOrder fields the plugin reads. Sums are iiko's decimal roubles, as strings. */
export interface FrontOrder {
  id: string;
  number: number;
  resultSum: string;
  items: {
    productId: string;
    productCode?: string;
    name: string;
    price: string;
    /** IOrderProductItem.Amount, in units: "1", "0.5". */
    amount: string;
    resultSum: string;
  }[];
}

export interface PointOfSale {
  id: string;
  name: string;
}
export interface User {
  id: string;
  name: string;
}

export interface PluginOptions {
  /** Kopilka's base URL (or the simulated network's). */
  url: string;
  /** The till's terminal key. */
  key: string;
  /** Attempts of one request when the outcome is unknown (5xx, timeout, connection lost). */
  attempts?: number;
  /** Attempts of the cancel that recovers an unknown Pay. */
  cancelAttempts?: number;
  /** Pause between attempts, ms. */
  retryDelayMs?: number;
  /** Deadline of each request, ms. */
  timeoutMs?: number;
  /** The plugin written from the old contract (see the file's head). */
  legacy?: boolean;
  /** Each request as sent, for tests and the simulator's log. */
  onRequest?: (path: string, body: Record<string, unknown>) => void;
}

/** The arguments iikoFront passes with every call about one payment, gathered once. */
interface PaymentCall {
  sum: string;
  orderId: string | null;
  paymentTypeId: string;
  transactionId: string;
  pointOfSale: PointOfSale;
  cashier: User;
}

/** Pay's (or a return's) outcome is unknown: no answer after every attempt. */
class OutcomeUnknown extends Error {}

/** decimal → kopecks as the C# plugin does it: (long)(sum * 100m), never through double. */
const kopecks = (sum: string) => roublesToKopecks(sum);
// Thousandths of a unit through the same decimal reading: "0.125" → 125.
const milli = (amount: string) => roublesToKopecks(`${amount}e1`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class KopilkaPlugin {
  readonly paymentSystemKey = 'kopilka';
  readonly paymentSystemName = 'Kopilka: депозит гостя';
  private readonly o: Required<Omit<PluginOptions, 'onRequest'>> & Pick<PluginOptions, 'onRequest'>;

  constructor(o: PluginOptions) {
    this.o = {
      attempts: 3,
      cancelAttempts: 10,
      retryDelayMs: 200,
      timeoutMs: 10_000,
      legacy: false,
      ...o,
    };
  }

  /**
   * The retry rule of the doc: a 2xx is the answer; a 4xx is final and its message_ru goes to
   * the cashier; a 5xx, a timeout or a lost connection is repeated with the same body.
   */
  private async send(path: string, body: Record<string, unknown>, attempts = this.o.attempts) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.o.retryDelayMs);
      this.o.onRequest?.(path, body);
      let res: { status: number; json: Answer };
      try {
        res = await postJson(this.o, path, body);
      } catch {
        continue; // no answer: the outcome is unknown
      }
      if (res.status >= 200 && res.status < 300) return res.json;
      if (res.status < 500) {
        const error = res.json.error as { code?: string; message_ru?: string } | undefined;
        throw new PaymentActionFailed(
          error?.code ?? 'error',
          res.status,
          error?.message_ru ?? `HTTP ${res.status}`,
        );
      }
    }
    throw new OutcomeUnknown(path);
  }

  /** What every request about a payment carries besides its own fields. */
  private common(call: Pick<PaymentCall, 'paymentTypeId' | 'pointOfSale' | 'cashier'>) {
    return {
      paymentTypeId: call.paymentTypeId,
      pointOfSale: call.pointOfSale,
      cashier: { id: call.cashier.id, name: call.cashier.name },
    };
  }

  private async identify(card: CardInput): Promise<RollbackData> {
    const info = await this.send('/identify', { card }).catch((e: unknown) => {
      if (e instanceof OutcomeUnknown) throw noLink();
      throw e;
    });
    const guest = info.guest as { name: string };
    if (!info.deposit) {
      throw new PaymentActionFailed('no_deposit', 0, String(info.messageRu));
    }
    return { card, guestName: guest.name };
  }

  private async askAndIdentify(view: ViewManager): Promise<RollbackData> {
    const card = view.askCard('Приложите карту гостя или введите её номер');
    if (!card) throw new PaymentActionCancelled();
    return this.identify(card);
  }

  // ---- IPaymentProcessor ---------------------------------------------------------------------

  /** When the cashier picks the payment type: the card, kept in the payment item. */
  async collectData(
    _orderId: string,
    _paymentTypeId: string,
    _cashier: User,
    view: ViewManager,
    context: PaymentDataContext,
  ): Promise<void> {
    context.rollback = await this.askAndIdentify(view);
  }

  /** Silent payments carry the card in the payment item's custom data: {"card": {...}}. */
  canPaySilently(
    _sum: string,
    _orderId: string | null,
    _paymentTypeId: string,
    context: PaymentDataContext,
  ): boolean {
    return cardFromCustomData(context.customData) !== null;
  }

  /**
   * Pay (V6 passes `Guid? orderId`, the plugin reads the order by it; newer versions pass the
   * order itself — either way the same body). The card comes from CollectData's rollback data;
   * when iikoFront skipped CollectData (a prepayment), the plugin asks for it here.
   */
  async pay(
    sum: string,
    order: FrontOrder | null,
    paymentTypeId: string,
    transactionId: string,
    pointOfSale: PointOfSale,
    cashier: User,
    view: ViewManager,
    context: PaymentDataContext,
  ): Promise<Answer> {
    context.rollback ??= await this.askAndIdentify(view);
    const call = {
      sum,
      orderId: order?.id ?? null,
      paymentTypeId,
      transactionId,
      pointOfSale,
      cashier,
    };
    return this.payWith(context.rollback, call, order, context);
  }

  /** PaySilently: no UI, the card from the custom data; otherwise Pay. */
  async paySilently(
    sum: string,
    order: FrontOrder | null,
    paymentTypeId: string,
    transactionId: string,
    pointOfSale: PointOfSale,
    cashier: User,
    context: PaymentDataContext,
  ): Promise<Answer> {
    const card = cardFromCustomData(context.customData);
    if (!card) throw new PaymentActionFailed('no_card', 0, 'В оплате нет карты гостя Kopilka.');
    context.rollback = await this.identify(card);
    const call = {
      sum,
      orderId: order?.id ?? null,
      paymentTypeId,
      transactionId,
      pointOfSale,
      cashier,
    };
    return this.payWith(context.rollback, call, order, context);
  }

  private async payWith(
    data: RollbackData,
    call: PaymentCall,
    order: FrontOrder | null,
    context: PaymentDataContext,
  ): Promise<Answer> {
    const body = {
      transactionId: call.transactionId,
      orderId: call.orderId,
      ...(order
        ? {
            orderNumber: order.number,
            orderSum: kopecks(order.resultSum),
            items: order.items.map((it) => ({
              productId: it.productId,
              ...(it.productCode ? { productCode: it.productCode } : {}),
              name: it.name,
              price: kopecks(it.price),
              quantityMilli: milli(it.amount),
              sum: kopecks(it.resultSum),
            })),
          }
        : {}),
      sum: kopecks(call.sum),
      card: data.card,
      ...this.common(call),
    };
    try {
      const res = await this.send('/pay', body);
      context.infoForReports = { data: cardLabel(data.card), cardType: 'Kopilka' };
      return res;
    } catch (e) {
      if (!(e instanceof OutcomeUnknown)) throw e;
      if (this.o.legacy) throw noLink();
      // No answer: the payment may have been made. Cancel it by its transactionId before
      // throwing — a made payment comes back, one still in flight is barred when it arrives.
      await this.cancel(call);
      throw new PaymentActionFailed(
        'pay_outcome_unknown',
        0,
        'Оплата депозитом не прошла: нет связи с Kopilka, деньги не списаны. Повторите оплату.',
      );
    }
  }

  private async cancel(call: PaymentCall): Promise<Answer> {
    const body = {
      transactionId: call.transactionId,
      orderId: call.orderId,
      sum: kopecks(call.sum),
      ...this.common(call),
    };
    try {
      return await this.send('/emergency-cancel', body, this.o.cancelAttempts);
    } catch (e) {
      if (!(e instanceof OutcomeUnknown)) throw e;
      throw new PaymentActionFailed(
        'cancel_outcome_unknown',
        0,
        'Нет связи с Kopilka: неизвестно, списаны ли деньги. Не повторяйте оплату, пока не проверите баланс гостя.',
      );
    }
  }

  /** A payment taken off an order that is still open (e.g. the fiscal receipt failed). */
  async emergencyCancelPayment(
    sum: string,
    orderId: string | null,
    paymentTypeId: string,
    transactionId: string,
    pointOfSale: PointOfSale,
    cashier: User,
    _view: ViewManager | null,
    _context: PaymentDataContext,
  ): Promise<Answer> {
    return this.cancel({ sum, orderId, paymentTypeId, transactionId, pointOfSale, cashier });
  }

  /** The same as EmergencyCancelPayment: the cancel never asks the cashier anything. */
  emergencyCancelPaymentSilently(
    sum: string,
    orderId: string | null,
    paymentTypeId: string,
    transactionId: string,
    pointOfSale: PointOfSale,
    cashier: User,
    context: PaymentDataContext,
  ): Promise<Answer> {
    return this.emergencyCancelPayment(
      sum,
      orderId,
      paymentTypeId,
      transactionId,
      pointOfSale,
      cashier,
      null,
      context,
    );
  }

  /** Part or all of a payment back, under a returnId made for this call. */
  async returnPayment(
    sum: string,
    orderId: string | null,
    paymentTypeId: string,
    transactionId: string,
    pointOfSale: PointOfSale,
    cashier: User,
    _view: ViewManager | null,
    _context: PaymentDataContext,
  ): Promise<Answer> {
    // iikoFront passes nothing that tells two returns of one payment apart: the plugin makes
    // the id, and its own retries below reuse it.
    const returnId = this.o.legacy ? transactionId : randomUUID();
    const body = {
      transactionId,
      returnId,
      orderId,
      sum: kopecks(sum),
      ...this.common({ paymentTypeId, pointOfSale, cashier }),
    };
    return this.send('/return', body).catch((e: unknown) => {
      if (e instanceof OutcomeUnknown) throw returnUnknown();
      throw e;
    });
  }

  /** ReturnPaymentSilently: the same call without UI. */
  returnPaymentSilently(
    sum: string,
    orderId: string | null,
    paymentTypeId: string,
    transactionId: string,
    pointOfSale: PointOfSale,
    cashier: User,
    context: PaymentDataContext,
  ): Promise<Answer> {
    return this.returnPayment(
      sum,
      orderId,
      paymentTypeId,
      transactionId,
      pointOfSale,
      cashier,
      null,
      context,
    );
  }

  /**
   * A return of goods with no order paid before: no transaction id, no payment data. The plugin
   * asks for the card and sends card, sum and a returnId of its own.
   */
  async returnPaymentWithoutOrder(
    sum: string,
    orderId: string | null,
    paymentTypeId: string,
    pointOfSale: PointOfSale,
    cashier: User,
    view: ViewManager,
  ): Promise<Answer> {
    const card = view.askCard('Приложите карту гостя, которому вернуть деньги на депозит');
    if (!card) throw new PaymentActionCancelled();
    const body = {
      returnId: randomUUID(),
      orderId,
      sum: kopecks(sum),
      card,
      ...this.common({ paymentTypeId, pointOfSale, cashier }),
    };
    return this.send('/return-without-order', body).catch((e: unknown) => {
      if (e instanceof OutcomeUnknown) throw returnUnknown();
      throw e;
    });
  }
}

function noLink(): PaymentActionFailed {
  return new PaymentActionFailed(
    'no_link',
    0,
    'Нет связи с Kopilka. Проверьте сеть и повторите операцию.',
  );
}

function returnUnknown(): PaymentActionFailed {
  return new PaymentActionFailed(
    'return_outcome_unknown',
    0,
    'Нет связи с Kopilka: неизвестно, прошёл ли возврат. Проверьте баланс гостя, прежде чем повторять.',
  );
}

function cardLabel(card: CardInput): string {
  if ('number' in card) return card.number;
  if ('uid' in card) return `UID ${card.uid}`;
  if ('phone' in card) return card.phone;
  return 'трек карты';
}

/** The custom data of a payment added through the API: {"card": {"number": "…"}} and the like. */
export function cardFromCustomData(data: string | null): CardInput | null {
  if (!data) return null;
  try {
    const parsed = JSON.parse(data) as { card?: Record<string, unknown> };
    const c = parsed.card;
    if (!c || typeof c !== 'object') return null;
    const keys = Object.keys(c);
    const k = keys[0];
    if (keys.length !== 1 || !k || !['number', 'track', 'uid', 'phone'].includes(k)) return null;
    return typeof c[k] === 'string' && c[k] !== '' ? ({ [k]: c[k] } as CardInput) : null;
  } catch {
    return null;
  }
}
