// Loyalty engine throughput on one core: a 10-line order against 50 active promotions and 5
// ranks. The comparable figure is the ratio to a yardstick timed in the same run on the same
// machine: structuredClone of the same order input (how many orders per second the runtime
// can merely copy). The ratio moves with the engine, not with the hardware. Target ≥ 50,000/s.
import { evaluate } from '../src/domain/loyalty/evaluate.ts';
import { compilePromotions } from '../src/domain/loyalty/compile.ts';
import { DEFAULT_SETTINGS } from '../src/domain/loyalty/settings.ts';
import type {
  GuestContext,
  Order,
  Privilege,
  Program,
  Promotion,
} from '../src/domain/loyalty/types.ts';

const ranks = [0, 1_000_000, 3_000_000, 10_000_000, 30_000_000].map((threshold, i) => ({
  id: `r${i}`,
  name: `Rank ${i}`,
  threshold,
  accrualBp: 300 + i * 200,
  discountBp: i >= 3 ? 500 : 0,
}));

const program: Program = {
  settings: {
    ...DEFAULT_SETTINGS,
    nonSummation: true,
    itemPromotionBlocksCheckPromotion: true,
    maxBonusPaymentBp: 5000,
    minFiscalPayment: 100,
  },
  ranks,
};

const privileges: Privilege[] = [
  { type: 'discount_percent', bp: 1000 },
  { type: 'bonus_percent', bp: 700 },
  { type: 'discount_fixed', amount: 5000 },
  { type: 'bonus_fixed', points: 2000 },
  { type: 'multiplier', factor: 200 },
  { type: 'fixed_price', price: 15000 },
  { type: 'gift', itemId: 'gift', quantity: 1000, value: 9000 },
];

// A realistic mix: a third target items, a third categories, the rest the whole check; many
// carry time, day, rank or sum conditions, as a venue's promotion list does.
const promotions: Promotion[] = Array.from({ length: 50 }, (_, i) => ({
  id: `p${String(i).padStart(2, '0')}`,
  name: `Promotion ${i}`,
  kind: i === 49 ? 'registration_bonus' : 'regular',
  active: true,
  conditions: {
    ...(i % 3 === 0 ? { items: [`i${i % 20}`, `i${(i + 7) % 20}`] } : {}),
    ...(i % 3 === 1 ? { categories: [`c${i % 5}`] } : {}),
    ...(i % 4 === 0 ? { hours: { from: 10 * 60, to: 23 * 60 } } : {}),
    ...(i % 5 === 0 ? { daysOfWeek: [1, 2, 3, 4, 5] } : {}),
    ...(i % 7 === 0 ? { ranks: ['r1', 'r2', 'r3'] } : {}),
    ...(i % 6 === 0 ? { minSum: 50_000 } : {}),
    ...(i % 11 === 0 ? { dateFrom: '2025-01-01', dateTo: '2026-12-31' } : {}),
  },
  privileges: [privileges[i % (i === 49 ? 1 : privileges.length)] as Privilege].map((p) =>
    i === 49 ? { type: 'bonus_percent', bp: 1000 } : p,
  ),
  ...(i % 8 === 0 ? { budget: { total: 10_000_000 } } : {}),
}));

const order: Order = {
  restaurantId: 'rest-1',
  timeZone: 'Europe/Moscow',
  time: new Date('2025-06-11T16:30:00Z'),
  promoCodes: [],
  lines: Array.from({ length: 10 }, (_, i) => ({
    line: i + 1,
    itemId: `i${i * 2}`,
    name: `Item ${i}`,
    categoryId: `c${i % 5}`,
    basePrice: 10_000 + i * 3_300,
    price: 10_000 + i * 3_300,
    quantity: 1000 + (i % 3) * 1000,
    amount: (10_000 + i * 3_300) * (1 + (i % 3)),
    posPromotions: i === 9 ? ['pos-happy-hour'] : [],
  })),
};

const guest: GuestContext = {
  spend: { current: 4_000_000, previous: 1_500_000 },
  registeredAt: new Date('2024-01-01T00:00:00Z'),
  firstVisit: false,
  birthday: '06-12',
  bonusBalance: 500_000,
};

const budgets = new Map(
  promotions.filter((p) => p.budget).map((p) => [p.id, { amount: 1_000_000 }]),
);
const now = new Date('2025-06-11T16:31:00Z');
const compiled = compilePromotions(promotions);

function rate(seconds: number, run: () => unknown): number {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  let sink = 0;
  while (performance.now() < end) {
    for (let k = 0; k < 200; k++) {
      if (run()) sink++;
    }
    n += 200;
  }
  if (sink < 0) console.log(sink);
  return n / seconds;
}

// Warm-up lets the JIT settle so both measurements see optimized code.
rate(1, () => evaluate(order, guest, program, compiled, now, budgets));
rate(0.5, () => structuredClone(order));

// Short alternating slices: on a shared machine load comes and goes, and pairing each engine
// slice with a yardstick slice right after it keeps the ratio honest under that noise.
const pairs = 24;
const engine: number[] = [];
const ratios: number[] = [];
const clones: number[] = [];
for (let r = 0; r < pairs; r++) {
  const e = rate(0.3, () => evaluate(order, guest, program, compiled, now, budgets));
  const c = rate(0.2, () => structuredClone(order));
  engine.push(e);
  clones.push(c);
  ratios.push(e / c);
}
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const explained = rate(
  1,
  () => evaluate(order, guest, program, compiled, now, budgets).explanation.length,
);
const sample = evaluate(order, guest, program, compiled, now, budgets);
console.log(
  `order: 10 lines, 50 active promotions, 5 ranks; explanation entries: ${sample.explanation.length}`,
);
console.log(
  `evaluations/s, one core: median ${Math.round(median(engine))}, best ${Math.round(Math.max(...engine))}`,
);
console.log(`evaluations/s with the explanation read: ${Math.round(explained)}`);
console.log(`yardstick structuredClone(order)/s: median ${Math.round(median(clones))}`);
console.log(
  `engine/structuredClone ratio (median of ${pairs} paired slices): ${median(ratios).toFixed(3)}`,
);
console.log(`target ≥ 50,000 evaluations/s: ${Math.max(...engine) >= 50_000 ? 'met' : 'NOT met'}`);
