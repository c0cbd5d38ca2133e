// The cabinet in a real browser: the real server (built cabinet included) on a random port,
// on embedded PGlite with the demo data and seed 000's check already paid, one user per role,
// and Debian's Chromium driven by playwright-core. Screenshots go to a temporary directory, or
// where KOPILKA_SCREENSHOTS says (docs/cabinet to refresh the documentation's pictures).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { createContext, type Actor, type AppContext } from '../../src/app/context.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { DEMO_OWNER_EMAIL, seedDemo, type DemoData } from '../../src/cli/demo-seed.ts';
import { openDatabase, type OpenDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildServer, type ServerOptions } from '../../src/http/server.ts';
import { ROLES, type Role } from '../../src/domain/roles.ts';
import { SEED_LINES } from '../support/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.KOPILKA_CHROMIUM ?? '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery';

export interface Cabinet {
  base: string;
  ctx: AppContext;
  app: FastifyInstance;
  demo: DemoData;
  browser: Browser;
  /** E-mail and password of the demo user with each role (the owner is the demo's own). */
  users: Record<Role, { email: string; password: string }>;
  shots: string;
  newPage: (width?: number) => Promise<Page>;
  /** `path` below the cabinet's address, or a whole address (a server of serveAlso). */
  signIn: (page: Page, role: Role, path?: string) => Promise<void>;
  /** Another server on the same database with other options (an installation set up otherwise); its address. */
  serveAlso: (server: ServerOptions) => Promise<string>;
  /** A screenshot; the whole page unless `viewport` (a dialog over the page). */
  shot: (page: Page, name: string, viewport?: boolean) => Promise<void>;
  close: () => Promise<void>;
}

/** `server` adds to the server's options (the guest pages' tests pass their SMS provider). */
export async function startCabinet(server: ServerOptions = {}): Promise<Cabinet> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it)`);
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure-cabinet.mjs')], { stdio: 'inherit' });
  const db: OpenDatabase = await openDatabase({ kind: 'pglite' });
  await migrateToLatest(db.db);
  const ctx = createContext(db.db);
  const demo = await seedDemo(ctx);
  const actor: Actor = { orgId: demo.orgId, type: 'system', id: null, name: 'test' };
  const users = {} as Cabinet['users'];
  for (const role of ROLES) {
    if (role === 'owner') {
      users.owner = { email: DEMO_OWNER_EMAIL, password: demo.ownerPassword };
      continue;
    }
    const email = `${role}@kopilka.demo`;
    await createUser(ctx, actor, { email, name: `${role} (демо)`, role, password: PASSWORD });
    users[role] = { email, password: PASSWORD };
  }
  const servers: FastifyInstance[] = [];
  const serve = async (options: ServerOptions) => {
    const app = await buildServer(ctx, {
      cabinetDir: join(ROOT, 'web/dist'),
      guestPagesDir: join(ROOT, 'web/dist-guest'),
      ...options,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    servers.push(app);
    const { port } = app.server.address() as { port: number };
    return { app, base: `http://127.0.0.1:${port}` };
  };
  const { app, base } = await serve(server);

  // Seed 000's check, paid from the card's deposit at the demo till.
  const paid = await fetch(`${base}/api/pos/v1/orders/close`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.terminalKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      order_id: '2226634',
      check_number: '2226634',
      card: { uid: '61366822' },
      lines: SEED_LINES,
      payments: [{ kind: 'deposit', amount: 235000 }],
    }),
  });
  if (paid.status !== 201) throw new Error(`seed 000's check: ${paid.status} ${await paid.text()}`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const shots = process.env.KOPILKA_SCREENSHOTS
    ? resolve(ROOT, process.env.KOPILKA_SCREENSHOTS)
    : mkdtempSync(join(tmpdir(), 'kopilka-cabinet-'));
  mkdirSync(shots, { recursive: true });

  const newPage = async (width = 1280) => {
    const context = await browser.newContext({
      viewport: { width, height: width < 600 ? 844 : 800 },
      locale: 'ru-RU',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  };
  const signIn = async (page: Page, role: Role, path = '/') => {
    await page.goto(/^https?:/.test(path) ? path : `${base}${path}`);
    await page.getByLabel('E-mail').fill(users[role].email);
    await page.getByLabel(/^Пароль/).fill(users[role].password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('button', { name: 'Выйти' }).waitFor();
  };
  const shot = async (page: Page, name: string, viewport = false) => {
    const path = join(shots, `${name}.png`);
    if (viewport) return void (await page.screenshot({ path }));
    // A full page taken while scrolled draws the fixed header where the window was; and one
    // taken past the window's height draws the fixed menu only as tall as the window. So the
    // window is made as tall as the page for the picture, as on a tall screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    const size = page.viewportSize() ?? { width: 1280, height: 800 };
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
    // The menu's height follows the window with a CSS transition: the picture waits for it
    // (and for any other that ends; a spinner's never does).
    await page.evaluate(async () => {
      for (;;) {
        const ending = document
          .getAnimations()
          .filter((a) => a.playState === 'running')
          .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
        if (ending.length === 0) return;
        await Promise.allSettled(ending.map((a) => a.finished));
      }
    });
    await page.screenshot({ path, fullPage: true });
    await page.setViewportSize(size);
  };
  return {
    base,
    ctx,
    app,
    demo,
    browser,
    users,
    shots,
    newPage,
    signIn,
    serveAlso: async (options) => (await serve(options)).base,
    shot,
    close: async () => {
      await browser.close();
      for (const s of servers) await s.close();
      await db.close();
    },
  };
}
