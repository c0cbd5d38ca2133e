// A fake iikoFront with the Kopilka plugin, playing seed 001's flow against Kopilka's
// /api/iiko/v1 over HTTP, as the C# plugin would: open the cash shift and the cashier's
// personal shift, pick a hall and a table and the number of guests, add order lines per
// guest, pay from the guest's deposit (the rest in cash), return a line, lose an answer and
// cancel in an emergency, return goods without an order, close the shifts. Each step is
// logged in the cashier's words; the plugin's retry rules are those of docs/integrations/iiko.md.
import { randomUUID } from 'node:crypto';
import { formatRoubles } from '../../../domain/money.ts';
import { roublesToKopecks } from '../dictionaries.ts';
import { restaurantData, type SimProduct } from './fixtures.ts';

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

/** What a failed call tells the cashier (PaymentActionFailedException's message). */
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

const RETRIES = 3;
const rub = (k: number) => `${formatRoubles(k)} ₽`;

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

  constructor(private readonly o: FrontOptions) {}

  private note(step: string, ok: boolean, message: string): void {
    this.steps.push({ step, ok, message });
    this.o.log?.(`${ok ? '✔' : '✖'} ${step}: ${message}`);
  }

  /**
   * One call with the plugin's retry rule: a network failure, a timeout or a 5xx is repeated
   * with the same body (same transactionId); a 4xx is final and its message goes to the cashier.
   */
  async call(path: string, body: object): Promise<Record<string, unknown>> {
    let last: unknown;
    for (let attempt = 1; attempt <= RETRIES; attempt++) {
      try {
        const res = await fetch(`${this.o.url}/api/iiko/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.o.key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
        });
        const json = (await res.json()) as Record<string, unknown>;
        if (res.ok) return json;
        const error = json.error as { code: string; message_ru: string } | undefined;
        if (res.status < 500) {
          throw new PaymentActionFailed(
            error?.code ?? 'error',
            res.status,
            error?.message_ru ?? res.statusText,
          );
        }
        last = new Error(`HTTP ${res.status}`);
      } catch (e) {
        if (e instanceof PaymentActionFailed) throw e;
        last = e;
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  private common() {
    return {
      paymentTypeId: this.o.paymentTypeId,
      pointOfSale: this.pointOfSale,
      cashier: this.cashier,
    };
  }

  private async available(): Promise<number> {
    const info = await this.call('/identify', { card: { number: this.o.card } });
    const deposit = info.deposit as { available: number } | null;
    return deposit?.available ?? 0;
  }

  openShift(): void {
    this.shift = 95;
    this.note('Открыть кассовую смену', true, `Смена №${this.shift} открыта, менеджер: user`);
    this.note('Открыть личную смену', true, `Кассир: ${this.cashier.name}`);
  }

  /** Hall, table, guests, and lines per guest: what the seed's videos show. */
  newOrder(
    hall: string,
    table: number,
    guests: number,
    perGuest: number[][],
  ): { id: string; number: number; lines: Line[] } {
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
    const total = lines.reduce((s, l) => s + l.price, 0);
    this.note(
      'Новый заказ',
      true,
      `${hall}, стол ${table}, гостей: ${guests}; заказ №${this.orderNo}: ${lines.map((l) => `гость ${l.guest} — ${l.product.name}`).join('; ')}; итого ${rub(total)}`,
    );
    return { id: randomUUID(), number: this.orderNo, lines };
  }

  private items(lines: Line[]) {
    return lines.map((l) => ({
      productId: l.product.id,
      productCode: l.product.num,
      name: l.product.name,
      price: l.price,
      quantityMilli: l.quantityMilli,
      sum: l.price,
    }));
  }

  /** Pays what the deposit can of the order; the rest goes to cash. */
  async pay(order: { id: string; number: number; lines: Line[] }): Promise<string | null> {
    const total = order.lines.reduce((s, l) => s + l.price, 0);
    const sum = Math.min(total, await this.available());
    if (sum === 0) {
      this.note(
        'Оплата депозитом',
        false,
        'На депозите нет доступных средств: заказ оплачен наличными',
      );
      this.totals.cash += total;
      return null;
    }
    const transactionId = randomUUID();
    try {
      const res = await this.call('/pay', {
        transactionId,
        orderId: order.id,
        orderNumber: order.number,
        sum,
        card: { number: this.o.card },
        items: this.items(order.lines),
        ...this.common(),
      });
      this.totals.paid += sum;
      this.totals.cash += total - sum;
      this.note(
        'Оплата депозитом',
        true,
        `${String(res.messageRu)}${total > sum ? ` Наличными: ${rub(total - sum)}.` : ''}`,
      );
      return transactionId;
    } catch (e) {
      this.note('Оплата депозитом', false, e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  async returnPart(transactionId: string, sum: number): Promise<void> {
    const res = await this.call('/return', {
      transactionId,
      returnId: randomUUID(),
      sum,
      ...this.common(),
    });
    this.totals.returned += sum;
    this.note('Возврат блюда', true, String(res.messageRu));
  }

  /**
   * The answer to a payment is lost (the till times out); iikoFront then calls
   * EmergencyCancelPayment, which must leave the deposit as it was.
   */
  async lostAnswerThenCancel(order: {
    id: string;
    number: number;
    lines: Line[];
  }): Promise<boolean> {
    const before = await this.available();
    const sum = Math.min(
      before,
      order.lines.reduce((s, l) => s + l.price, 0),
    );
    const transactionId = randomUUID();
    if (sum > 0) {
      // Sent, but the answer is dropped as if the network failed after Kopilka got it.
      await this.call('/pay', {
        transactionId,
        orderId: order.id,
        orderNumber: order.number,
        sum,
        card: { number: this.o.card },
        ...this.common(),
      });
    }
    const res = await this.call('/emergency-cancel', {
      transactionId,
      orderId: order.id,
      sum,
      ...this.common(),
    });
    const after = await this.available();
    this.note(
      'Аварийная отмена оплаты',
      after === before,
      `Ответ на оплату ${rub(sum)} потерян; ${String(res.messageRu)} Доступно было ${rub(before)}, стало ${rub(after)}`,
    );
    return after === before;
  }

  async returnWithoutOrder(sum: number): Promise<void> {
    const res = await this.call('/return-without-order', {
      returnId: randomUUID(),
      sum,
      card: { number: this.o.card },
      ...this.common(),
    });
    this.totals.returned += sum;
    this.note('Возврат товаров без заказа', true, String(res.messageRu));
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
    this.openShift();
    const order = this.newOrder('Зал', 5, 2, [
      [0, 2],
      [3, 6],
    ]);
    const paid = await this.pay(order);
    const first = order.lines[0];
    if (paid && first) await this.returnPart(paid, first.price);
    await this.lostAnswerThenCancel(this.newOrder('Бар', 1, 1, [[5]]));
    const returnable = Math.min(10_000, this.totals.paid - this.totals.returned);
    if (returnable > 0) await this.returnWithoutOrder(returnable);
    this.closeShift();
    return {
      steps: this.steps,
      depositBefore,
      depositAfter: await this.available(),
      paidFromDeposit: this.totals.paid,
      returnedToDeposit: this.totals.returned,
      paidInCash: this.totals.cash,
    };
  }
}
