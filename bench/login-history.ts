/**
 * Login history at scale (SPEC §3): is a page as fast for a customer with a million
 * history rows as for one with a thousand, at the newest page and 900,000 rows deep?
 * Seeds 100,000 accounts, 1,000,000 rows for one of them and 1,000 for another (in SQL,
 * generate_series: seconds, not minutes), then times the real route of the running API
 * over HTTP with a real session: median of many runs. A keyset page over the index
 * (account_id, at DESC, id) should make both ratios ≈ 1 (ADR 011).
 */
import type { Config } from "../apps/api/src/config.ts";
import type { Db } from "../apps/api/src/db/client.ts";
import { cursorCodecFor } from "../apps/api/src/flows/login-history/cursor.ts";
import { pageQuery } from "../apps/api/src/flows/login-history/service.ts";
import { Prisma } from "../apps/api/src/generated/prisma/client.ts";
import { systemClock } from "../apps/api/src/lib/clock.ts";
import { createSessionService } from "../apps/api/src/sessions/service.ts";

const ACCOUNTS = Number(process.env.BENCH_HISTORY_ACCOUNTS ?? 100_000);
const BIG_ROWS = Number(process.env.BENCH_HISTORY_ROWS ?? 1_000_000);
const SMALL_ROWS = Math.max(10, Math.round(BIG_ROWS / 1000));
const RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 200);
const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

type Report = (name: string, value: number, unit: string, note?: string) => void;

async function seed(db: Db): Promise<{ big: string; small: string }> {
  const tag = `history-bench-${process.pid}`;
  await db.$executeRaw`
    INSERT INTO account (id, email, phone, password_hash, terms_accepted_at, created_at, updated_at)
    SELECT gen_random_uuid(), ${tag} || '-' || g || '@example.com', '+420601123456', '-', now(), now(), now()
    FROM generate_series(1, ${ACCOUNTS}::int) AS g`;
  const [big, small] = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM account WHERE email IN (${`${tag}-1@example.com`}, ${`${tag}-2@example.com`}) ORDER BY email`;
  if (!big || !small) throw new Error("seeded accounts not found");
  // One row a minute back from now, results and addresses varied as a real history's are.
  const rows = async (accountId: string, count: number) => db.$executeRaw`
    INSERT INTO login_event (id, account_id, at, result, method, ip, country, browser, os, notified, user_agent)
    SELECT gen_random_uuid(), ${accountId}::uuid, now() - g * interval '1 minute',
      (ARRAY['success', 'wrong_password', 'success', 'wrong_otp', 'success', 'throttled']::login_result[])[1 + g % 6],
      'password', '192.0.2.' || (g % 250), 'CZ', 'Firefox 128', 'Linux', g % 7 = 0, ${UA}
    FROM generate_series(1, ${count}::int) AS g`;
  await rows(big.id, BIG_ROWS);
  await rows(small.id, SMALL_ROWS);
  await db.$executeRawUnsafe("ANALYZE account, login_event");
  return { big: big.id, small: small.id };
}

/** The (at, id) of the row at `offset` in the history's order: where a customer paging that deep would be. */
async function positionAt(db: Db, accountId: string, offset: number) {
  const [row] = await db.$queryRaw<{ at: Date; id: string }[]>`
    SELECT at, id::text AS id FROM login_event WHERE account_id = ${accountId}::uuid
    ORDER BY at DESC, id ASC OFFSET ${offset}::int LIMIT 1`;
  if (!row) throw new Error(`no row ${offset}`);
  return row;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function measureLoginHistory({ address, db, config, report }: { address: string; db: Db; config: Config; report: Report }) {
  const seedStarted = performance.now();
  const { big, small } = await seed(db);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  console.log(`  (seeded ${ACCOUNTS} accounts, ${BIG_ROWS} + ${SMALL_ROWS} history rows in ${seedSeconds.toFixed(1)} s)`);

  const sessions = createSessionService({ db, clock: systemClock, settings: config.sessions });
  const cursors = cursorCodecFor(config.tokenSecret);

  /** The route's two pages for one account: the newest, and one 90 % of the way down (by cursor). */
  async function pagesOf(accountId: string, rows: number) {
    const { token } = await sessions.create({ accountId, userAgent: UA, ip: "127.0.0.1" });
    const deepPosition = await positionAt(db, accountId, Math.round(rows * 0.9) - 1);
    const headers = { authorization: `Bearer ${token}`, "user-agent": UA };
    const url = "/api/v1/account/login-history";
    const first = { url, headers, samples: [] as number[] };
    const deep = { url: `${url}?cursor=${cursors.encode(accountId, deepPosition)}`, headers, samples: [] as number[] };
    return { deepPosition, first, deep };
  }
  const large = await pagesOf(big, BIG_ROWS);
  const small1k = await pagesOf(small, SMALL_ROWS);

  // Round-robin over the four pages, so that warm-up and background noise fall on all alike.
  const all = [large.first, large.deep, small1k.first, small1k.deep];
  for (let round = 0; round < RUNS + 20; round++) {
    for (const page of all) {
      const started = performance.now();
      const res = await fetch(`${address}${page.url}`, { headers: page.headers });
      const body = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200 || JSON.parse(body).items.length !== 20) throw new Error(`${page.url}: ${res.status} ${body}`);
      if (round >= 20) page.samples.push(ms); // the first 20 rounds warm up JIT and caches
    }
  }
  const ms = {
    bigFirst: median(large.first.samples),
    bigDeep: median(large.deep.samples),
    smallFirst: median(small1k.first.samples),
    smallDeep: median(small1k.deep.samples),
  };

  // The plan of the deep page on the big account: an index range scan that stops after 21 rows.
  const plan = (
    await db.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${pageQuery(big, large.deepPosition, 21)}`)
  ).map((r) => r["QUERY PLAN"]);
  const text = plan.join("\n");
  if (!/Index Scan using login_event_account_id_at_id_idx/.test(text) || /Sort|Seq Scan/.test(text)) {
    throw new Error(`the deep page is not an index range scan:\n${text}`);
  }
  const buffers = text.match(/Buffers: shared ([^\n]+)/)?.[1] ?? "?";
  console.log(`  (deep page plan: index range scan, no sort; buffers ${buffers})`);

  const millionLabel = `${BIG_ROWS.toLocaleString("en")} rows`;
  const thousandLabel = `${SMALL_ROWS.toLocaleString("en")} rows`;
  report("history_first_page_ms_1m", ms.bigFirst, "ms", `GET login-history, newest 20 of ${millionLabel} (median of ${RUNS})`);
  report("history_first_page_ms_1k", ms.smallFirst, "ms", `the same, account with ${thousandLabel}`);
  report("history_first_page_ratio", ms.bigFirst / ms.smallFirst, "", "1M / 1k (≈ 1: independent of history size)");
  report(
    "history_deep_page_ms_1m",
    ms.bigDeep,
    "ms",
    `20 rows after row ${Math.round(BIG_ROWS * 0.9).toLocaleString("en")} of ${millionLabel}, by cursor`,
  );
  report(
    "history_deep_page_ms_1k",
    ms.smallDeep,
    "ms",
    `20 rows after row ${Math.round(SMALL_ROWS * 0.9).toLocaleString("en")} of ${thousandLabel}`,
  );
  report("history_deep_page_ratio", ms.bigDeep / ms.smallDeep, "", "1M / 1k (≈ 1: no OFFSET, no sort)");
}
