// A fake iikoFront playing seed 001's flow with the Kopilka plugin (plugin.ts) over a network
// that really loses answers (network.ts), calling the plugin as iikoFront calls an external
// payment processor: CollectData when the cashier picks the payment type, Pay on «Оплатить»
// with a new transaction id each time, EmergencyCancelPayment only for a payment that
// succeeded on an order still open (here: the fiscal receipt failed), nothing after a Pay that
// threw, ReturnPayment on «Частичный возврат чека» of a closed order, ReturnPaymentWithoutOrder
// on «Возврат товаров». The steps: shifts, hall and table and guests, lines per guest, a
// deposit payment (the rest in cash), a returned line, a Pay whose answer is lost, a payment
// cancelled after the fiscal receipt failed, two identical partial returns, a return without
// an order, and a closing check that the deposit moved by exactly what the cashier was told.
import { randomUUID } from 'node:crypto';
import { formatRoubles } from '../../../domain/money.ts';
import { roublesToKopecks } from '../dictionaries.ts';
import { restaurantData, type SimProduct } from './fixtures.ts';
import { LossyNetwork } from './network.ts';
import {
  KopilkaPlugin,
  PaymentActionFailed,
  PaymentDataContext,
  type FrontOrder,
  type ViewManager,
} from './plugin.ts';

export interface FrontOptions {
  /** Kopilka's base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The till's terminal key. */
  key: string;
  /** The guest's card number. */
  card: string;
  /** The iiko payment type registered by the plugin for deposits. */
  paymentTypeId: string;
  log?: (line: string) => void;
  /** Deadline of each call, ms. */
  timeoutMs?: number;
  /** Play the plugin written from the contract before the cancel-before-throw rule. */
  legacyPlugin?: boolean;
}

export interface FrontStep {
  step: string;
  ok: boolean;
  message: string;
}

export interface FrontReport {
  steps: FrontStep[];
  depositBefore: number;
  depositAfter: number;
  paidFromDeposit: number;
  returnedToDeposit: number;
  paidInCash: number;
}

interface Line {
  guest: number;
  product: SimProduct;
  quantityMilli: number;
  price: number;
}

interface Order {
  id: string;
  number: number;
  lines: Line[];
}

const rub = (k: number) => `${formatRoubles(k)} ₽`;
const total = (o: Order) => o.lines.reduce((s, l) => s + l.price, 0);

export class IikoFrontSimulator {
  readonly steps: FrontStep[] = [];
  private readonly menu = restaurantData().products.filter(
    (p) => !p.deleted && p.defaultSalePrice !== null && p.type !== 'MODIFIER',
  );
  private shift = 0;
  private orderNo = 0;
  private totals = { paid: 0, returned: 0, cash: 0 };
  private readonly pointOfSale = { id: randomUUID(), name: 'КС_1' };
  private readonly cashier = { id: randomUUID(), name: 'Текущий кассир' };
  private readonly view: ViewManager;
  private net!: LossyNetwork;
  private plugin!: KopilkaPlugin;

  constructor(private readonly o: FrontOptions) {
    // The cashier swipes the guest's card whenever the plugin asks.
    this.view = { askCard: () => ({ number: o.card }) };
  }

  private note(step: string, ok: boolean, message: string): void {
    this.steps.push({ step, ok, message });
    this.o.log?.(`${ok ? '✔' : '✖'} ${step}: ${message}`);
  }

  private async available(): Promise<number> {
    // Straight to Kopilka, past the lossy network: the simulator's own look at the balance.
    const res = await fetch(`${this.o.url}/api/iiko/v1/identify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.o.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ card: { number: this.o.card } }),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
    });
    const info = (await res.json()) as {
      deposit?: { available: number } | null;
      error?: { message_ru: string };
    };
    if (!res.ok) throw new Error(info.error?.message_ru ?? `HTTP ${res.status}`);
    return info.deposit?.available ?? 0;
  }

  openShift(): void {
    this.shift = 95;
    this.note('Открыть кассовую смену', true, `Смена №${this.shift} открыта, менеджер: user`);
    this.note('Открыть личную смену', true, `Кассир: ${this.cashier.name}`);
  }

  /** Hall, table, guests, and lines per guest: what the seed's videos show. */
  newOrder(hall: string, table: number, guests: number, perGuest: number[][]): Order {
    this.orderNo += 1;
    const lines: Line[] = [];
    perGuest.forEach((picks, g) => {
      for (const i of picks) {
        const product = this.menu[i % this.menu.length] as SimProduct;
        lines.push({
          guest: g + 1,
          product,
          quantityMilli: 1000,
          price: roublesToKopecks(product.defaultSalePrice ?? 0),
        });
      }
    });
    this.note(
      'Новый заказ',
      true,
      `${hall}, стол ${table}, гостей: ${guests}; заказ №${this.orderNo}: ${lines.map((l) => `гость ${l.guest} — ${l.product.name}`).join('; ')}; итого ${rub(total({ id: '', number: 0, lines }))}`,
    );
    return { id: randomUUID(), number: this.orderNo, lines };
  }

  /** The order as newer API versions pass it to Pay (IOrder), sums in decimal roubles. */
  private frontOrder(order: Order): FrontOrder {
    return {
      id: order.id,
      number: order.number,
      resultSum: formatRoubles(total(order)),
      items: order.lines.map((l) => ({
        productId: l.product.id,
        ...(l.product.num ? { productCode: l.product.num } : {}),
        name: l.product.name,
        price: formatRoubles(l.price),
        amount: String(l.quantityMilli / 1000),
        resultSum: formatRoubles(l.price),
      })),
    };
  }

  /**
   * The cashier picks the deposit payment type (CollectData: the card) and presses «Оплатить»
   * (Pay with a new transaction id). What the deposit cannot pay goes to cash.
   */
  private async payOnce(
    order: Order,
    sum: number,
    context: PaymentDataContext,
  ): Promise<{ transactionId: string; message: string }> {
    const transactionId = randomUUID();
    const res = await this.plugin.pay(
      formatRoubles(sum),
      this.frontOrder(order),
      this.o.paymentTypeId,
      transactionId,
      this.pointOfSale,
      this.cashier,
      this.view,
      context,
    );
    return { transactionId, message: String(res.messageRu) };
  }

  private async collect(order: Order): Promise<PaymentDataContext> {
    const context = new PaymentDataContext();
    await this.plugin.collectData(order.id, this.o.paymentTypeId, this.cashier, this.view, context);
    return context;
  }

  /** Pays what the deposit can of the order; the rest goes to cash. */
  async pay(order: Order): Promise<{ transactionId: string; context: PaymentDataContext } | null> {
    const sum = Math.min(total(order), await this.available());
    if (sum === 0) {
      this.note('Оплата депозитом', false, 'На депозите нет средств: заказ оплачен наличными');
      this.totals.cash += total(order);
      return null;
    }
    const context = await this.collect(order);
    try {
      const { transactionId, message } = await this.payOnce(order, sum, context);
      this.paidBy(order, sum, message);
      return { transactionId, context };
    } catch (e) {
      this.note('Оплата депозитом', false, e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  private paidBy(order: Order, sum: number, message: string): void {
    this.totals.paid += sum;
    this.totals.cash += total(order) - sum;
    const cash = total(order) - sum;
    this.note('Оплата депозитом', true, `${message}${cash > 0 ? ` Наличными: ${rub(cash)}.` : ''}`);
  }

  /** «Частичный возврат чека» of a closed order: ReturnPayment with the payment's transaction id. */
  async returnPart(
    paid: { transactionId: string; context: PaymentDataContext },
    orderId: string,
    sum: number,
    step = 'Возврат блюда',
  ): Promise<void> {
    const before = await this.available();
    const res = await this.plugin.returnPayment(
      formatRoubles(sum),
      orderId,
      this.o.paymentTypeId,
      paid.transactionId,
      this.pointOfSale,
      this.cashier,
      this.view,
      paid.context,
    );
    this.totals.returned += sum;
    const after = await this.available();
    this.note(
      step,
      after === before + sum,
      `${String(res.messageRu)}${after === before + sum ? '' : ` На депозит пришло ${rub(after - before)} вместо ${rub(sum)}.`}`,
    );
  }

  /**
   * Pay's answer is lost on the way back and the network stays down for the plugin's retries.
   * The plugin must cancel by the transaction id before it throws; iikoFront calls nothing
   * after a Pay that threw, and the cashier, told the payment did not go through, presses
   * «Оплатить» again (a new transaction id). The guest must pay once.
   */
  async lostAnswer(order: Order): Promise<void> {
    const before = await this.available();
    const sum = Math.min(before, total(order));
    if (sum === 0) {
      this.totals.cash += total(order);
      return;
    }
    const context = await this.collect(order);
    this.net.fail('lose-answer', 'drop', 'drop');
    let told = '';
    try {
      await this.payOnce(order, sum, context);
      told = 'оплата прошла';
    } catch (e) {
      if (!(e instanceof PaymentActionFailed)) throw e;
      told = e.message;
    }
    const after = await this.available();
    this.note(
      'Оплата депозитом: ответ потерян',
      after === before,
      `Кассиру показано: «${told}» Доступно было ${rub(before)}, стало ${rub(after)}`,
    );
    const again = await this.payOnce(order, sum, context);
    this.paidBy(order, sum, again.message);
  }

  /**
   * The deposit paid, then the fiscal receipt failed on the still open order: iikoFront takes
   * the payment off the order and calls EmergencyCancelPayment. Paid again, the order is closed.
   */
  async cancelAfterFiscalFailure(order: Order) {
    const before = await this.available();
    const sum = Math.min(before, total(order));
    if (sum === 0) {
      this.totals.cash += total(order);
      return null;
    }
    const context = await this.collect(order);
    const first = await this.payOnce(order, sum, context);
    const res = await this.plugin.emergencyCancelPayment(
      formatRoubles(sum),
      order.id,
      this.o.paymentTypeId,
      first.transactionId,
      this.pointOfSale,
      this.cashier,
      this.view,
      context,
    );
    const after = await this.available();
    this.note(
      'Аварийная отмена оплаты',
      after === before,
      `Фискальный чек не напечатан, оплата ${rub(sum)} снята с заказа; ${String(res.messageRu)}`,
    );
    const again = await this.payOnce(order, sum, context);
    this.paidBy(order, sum, again.message);
    return { transactionId: again.transactionId, context, sum };
  }

  async returnWithoutOrder(sum: number): Promise<void> {
    const before = await this.available();
    const res = await this.plugin.returnPaymentWithoutOrder(
      formatRoubles(sum),
      null,
      this.o.paymentTypeId,
      this.pointOfSale,
      this.cashier,
      this.view,
    );
    this.totals.returned += sum;
    const after = await this.available();
    this.note('Возврат товаров без заказа', after === before + sum, String(res.messageRu));
  }

  closeShift(): void {
    this.note(
      'Закрыть кассовую смену',
      true,
      `Смена №${this.shift} закрыта. Депозитом: ${rub(this.totals.paid)}, возвращено на депозит: ${rub(this.totals.returned)}, наличными: ${rub(this.totals.cash)}`,
    );
  }

  /** Seed 001's flow from shift opening to shift closing. */
  async run(): Promise<FrontReport> {
    const depositBefore = await this.available();
    this.net = await LossyNetwork.start(this.o.url);
    this.plugin = new KopilkaPlugin({
      url: this.net.url,
      key: this.o.key,
      ...(this.o.timeoutMs ? { timeoutMs: this.o.timeoutMs } : {}),
      legacy: this.o.legacyPlugin ?? false,
    });
    try {
      this.openShift();
      const first = this.newOrder('Зал', 5, 2, [
        [0, 2],
        [3, 6],
      ]);
      const paid = await this.pay(first);
      const line = first.lines[0];
      if (paid && line) await this.returnPart(paid, first.id, line.price);
      await this.lostAnswer(this.newOrder('Бар', 1, 1, [[5]]));
      // Two glasses of морс; after the cancel and the second payment, both come back one by one.
      const drinks = this.newOrder('Бар', 2, 1, [[6, 6]]);
      const kept = await this.cancelAfterFiscalFailure(drinks);
      const glass = drinks.lines[0]?.price ?? 0;
      if (kept && kept.sum >= 2 * glass) {
        await this.returnPart(kept, drinks.id, glass, 'Возврат первого морса');
        await this.returnPart(kept, drinks.id, glass, 'Возврат второго морса');
      }
      const returnable = Math.min(10_000, this.totals.paid - this.totals.returned);
      if (returnable > 0) await this.returnWithoutOrder(returnable);
      this.closeShift();
      const depositAfter = await this.available();
      const expected = depositBefore - this.totals.paid + this.totals.returned;
      this.note(
        'Сверка депозита',
        depositAfter === expected,
        `было ${rub(depositBefore)}, оплачено ${rub(this.totals.paid)}, возвращено ${rub(this.totals.returned)}: ожидалось ${rub(expected)}, на депозите ${rub(depositAfter)}`,
      );
      return {
        steps: this.steps,
        depositBefore,
        depositAfter,
        paidFromDeposit: this.totals.paid,
        returnedToDeposit: this.totals.returned,
        paidInCash: this.totals.cash,
      };
    } finally {
      await this.net.close();
    }
  }
}
