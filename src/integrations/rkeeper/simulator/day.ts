// A restaurant's day at an r_keeper till, played against a running Kopilka through FarCards
// exactly as ExtDllHTTP.dll would: card swipe, order calculation, payment from the card and
// close, a retry of a post whose answer was lost, a rollback, a return and its rollback.
import { randomBytes, randomInt } from 'node:crypto';
import { formatRoubles } from '../../../domain/money.ts';
import type { TillOrder } from './check-xml.ts';
import { SEED_000_MENU, SEED_000_STATION, seed000Order } from './dictionaries.ts';
import { FakeTill, type Posted, type TransactionsReply } from './till.ts';

export interface DayOptions {
  /** FarCards address: <kopilka base>/rk/<restaurant key>. */
  address: string;
  card: string;
  restaurant?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

function guid(): string {
  const h = randomBytes(16).toString('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

function localNow(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export async function playDay(o: DayOptions): Promise<{ ok: boolean }> {
  const log = o.log ?? console.log;
  const station = { ...SEED_000_STATION, shiftDate: localNow().slice(0, 10) };
  const till = new FakeTill({ baseUrl: o.address, restaurant: o.restaurant ?? 9999, station, timeoutMs: o.timeoutMs ?? 5000, retries: 2 });
  let ok = true;
  let checkNum = randomInt(100_000, 900_000);

  const order = (items: number[], payFromCard: number): TillOrder => {
    const lines = items.map((i) => SEED_000_MENU[i % SEED_000_MENU.length]!).map((m) => ({ code: m.code, name: m.name, price: m.price, quantityMilli: 1000, category: m.category }));
    const total = lines.reduce((s, l) => s + l.price, 0);
    const base = seed000Order();
    const card = Math.min(payFromCard, total);
    return {
      ...base,
      orderGuid: guid(),
      checkNum: ++checkNum,
      lines,
      payments: [
        { ...base.payments[0]!, cardCode: o.card, sum: card },
        ...(total > card ? [{ code: '1', name: 'Рубли', sum: total - card, payType: 1 as const }] : []),
      ],
      openedAt: localNow(),
      closedAt: localNow(),
    };
  };

  const balance = async (what: string) => {
    const r = await till.getCardInfo(o.card);
    if (!r.reply.ok || r.reply.value.result !== 0) {
      ok = false;
      log(`${what}: карта ${o.card} не найдена (${r.reply.ok ? r.reply.value.screenMessage ?? '' : r.reply.error.code})`);
      return 0;
    }
    const v = r.reply.value;
    log(`${what}: ${v.holder ?? ''}, доступно ${formatRoubles(v.available ?? 0)} ₽`);
    return v.available ?? 0;
  };

  const report = (what: string, r: Posted<TransactionsReply>) => {
    const v = r.reply.ok ? r.reply.value : null;
    const good = v?.result === 0;
    ok &&= good;
    log(`${what}: ${good ? 'проведено' : `отказ ${v?.errorCode ?? ''} ${v?.errorText ?? (r.reply.ok ? '' : r.reply.error.code)}`} (попыток: ${r.attempts})`);
  };

  const start = await balance('Карта приложена');
  if (!ok) return { ok };
  const pay = Math.max(0, Math.min(start, 100_000));

  const first = order([0, 3], pay);
  const calc = await till.getCardInfo(o.card, first, 'OrderCalc');
  log(`Расчёт заказа ${first.orderNum} (чек ${first.checkNum}): ${calc.reply.ok ? `ответ Result=${calc.reply.value.result}` : calc.reply.error.code}`);
  report(`Чек ${first.checkNum} закрыт, с карты ${formatRoubles(first.payments[0]!.sum)} ₽`, await till.sale(o.card, first, 0));
  report(`Чек ${first.checkNum} повторно (ответ «потерялся», DLL повторяет)`, await till.sale(o.card, first, 0));
  await balance('После чека');

  const second = order([1, 2], Math.max(0, Math.min(pay, start - first.payments[0]!.sum)));
  report(`Чек ${second.checkNum} закрыт`, await till.sale(o.card, second, 0));
  report(`Чек ${second.checkNum} отменён (SaleRollback)`, await till.saleRollback(o.card, second, 0));
  await balance('После отмены');

  const third = order([4], Math.max(0, Math.min(pay, start - first.payments[0]!.sum)));
  report(`Чек ${third.checkNum} закрыт`, await till.sale(o.card, third, 0));
  report(`Чек ${third.checkNum} возвращён (Return)`, await till.refund(o.card, third, 0));
  report(`Возврат чека ${third.checkNum} отменён (ReturnRollback)`, await till.returnRollback(o.card, third, 0));
  await balance('Конец дня');
  return { ok };
}
