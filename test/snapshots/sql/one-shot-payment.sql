-- statement 1 of 2
select "c".*, "g"."created_at" as "guest_created_at", "g"."birthday" as "guest_birthday", (select "time_zone" from "restaurants" where "org_id" = $1 and "id" = $2) as "time_zone", (select "version" from "loyalty_programs" where "org_id" = $3 and "restaurant_id" = $4) as "version", null as "spend", (select "request_hash" from pos_requests where org_id = $5
        and restaurant_id = $6 and operation = $7
        and pos_id = $8) as "claim_hash", (select "response" from pos_requests where org_id = $9
        and restaurant_id = $10 and operation = $11
        and pos_id = $12) as "claim_response", (select to_jsonb("a") || jsonb_build_object('version', "a"."xmin"::text)
    from accounts as a where a.org_id = c.org_id and a.guest_id = c.guest_id and a.kind = $13
    order by a.id limit 1) as "deposit", (select to_jsonb("a") || jsonb_build_object('version', "a"."xmin"::text)
    from accounts as a where a.org_id = c.org_id and a.guest_id = c.guest_id and a.kind = $14
    order by a.id limit 1) as "wallet", (select json_build_object(
      'live', coalesce(sum(remaining) filter (where remaining > 0 and available_from <= $15
        and (expires_at is null or expires_at > $16)), 0),
      'owed', coalesce(-sum(remaining) filter (where remaining < 0), 0),
      'lots', coalesce(json_agg(json_build_object('id', id, 'remaining', remaining,
  'available_from', floor(extract(epoch from available_from) * 1000),
  'expires_at', floor(extract(epoch from expires_at) * 1000)) order by id)
        filter (where remaining < 0 or expires_at <= $17), '[]'))
    from bonus_lots
    where org_id = $18 and account_id = (select a.id from accounts as a where a.org_id = c.org_id and a.guest_id = c.guest_id
          and a.kind = 'bonus' order by a.id limit 1) and remaining <> 0) as "lots" from "cards" as "c" inner join "guests" as "g" on "g"."org_id" = "c"."org_id" and "g"."id" = "c"."guest_id" where "c"."org_id" = $19 and "c"."id" = $20

-- statement 2 of 2
with o as (
      insert into orders (org_id, restaurant_id, terminal_id, pos_order_id, check_number, card_id,
        guest_id, opened_at, closed_at, total, net_total, status, soft_offline, operator, payments,
        loyalty)
      values ($1, $2, $3, $4,
        $5, $6, $7,
        $8::timestamptz, $9::timestamptz,
        $10, $11, 'closed', $12,
        $13, $14::jsonb,
        $15::jsonb)
      on conflict do nothing
      returning id
    ), l as (
      insert into order_lines (org_id, order_id, line_no, item_code, item_name, category_code,
        category_name, base_price, price, quantity_milli, amount, deposit_paid, bonus_paid)
      select $16, o.id, x.line_no, x.item_code, x.item_name, x.category_code,
        x.category_name, x.base_price, x.price, x.quantity_milli, x.amount, x.deposit_paid,
        x.bonus_paid
      from o, jsonb_to_recordset($17::jsonb) as x(line_no integer,
        item_code text, item_name text, category_code text, category_name text,
        base_price bigint, price bigint, quantity_milli bigint, amount bigint,
        deposit_paid bigint, bonus_paid bigint)
    ), lo as (
      insert into loyalty_orders (org_id, order_id, guest_id, day, discount, accrual, spend)
      select $18, o.id, $19, $20, $21,
        $22, $23
      from o where $24
    ), ev as (
      insert into outbox_events (org_id, type, dedup_key, payload, occurred_at)
      select $25, x.type, x.type || ':' || x.before || o.id || x.after,
        x.data || jsonb_build_object('id', o.id), x.at
      from o, jsonb_to_recordset($26::jsonb)
        as x(n int, type text, before text, after text, at timestamptz, data jsonb)
      order by x.n
      on conflict (org_id, dedup_key) do nothing
    ), e as (insert into ledger_entries ("org_id", "account_id", "guest_id", "type", "amount", "occurred_at", "restaurant_id", "terminal_id", "line_no", "item_code", "item_name", "payment_amount", "operator", "card_id", "payer_guest_id", "payer_card_id", "recipient_guest_id", "recipient_card_id", "soft_offline", "source", "pos_check_id", "pos_txn_id", "hold_id", "reverses_entry_id", "fiscal_mode", "comment", order_id)
      select x."org_id", x."account_id", x."guest_id", x."type", x."amount", x."occurred_at", x."restaurant_id", x."terminal_id", x."line_no", x."item_code", x."item_name", x."payment_amount", x."operator", x."card_id", x."payer_guest_id", x."payer_card_id", x."recipient_guest_id", x."recipient_card_id", x."soft_offline", x."source", x."pos_check_id", x."pos_txn_id", x."hold_id", x."reverses_entry_id", x."fiscal_mode", x."comment", o.id
      from o, jsonb_populate_recordset(null::ledger_entries, $27::jsonb)
        with ordinality as x
      order by x.ordinality
      returning id), m as (
      update accounts as a set balance = a.balance + d.balance, held = a.held + d.held
      from jsonb_to_recordset($28::jsonb) as d(id bigint, balance bigint, held bigint, version text)
      where a.org_id = $29 and a.id = any($30::bigint[]) and a.id = d.id
        and exists (select 1 from o)
        and (d.version is null or a.xmin = d.version::xid)
      returning a.id
    ), claim as (
      insert into pos_requests (org_id, restaurant_id, operation, pos_id, request_hash, response)
      select $31, $32, $33, $34, $35, jsonb_build_object('kopilka_answer', $36::jsonb, 'kopilka_ids', to_jsonb(array[(select id from o)] || coalesce((select array_agg(id order by id) from e), '{}')))
      where exists (select 1 from o)
      on conflict do nothing
      returning 1
    )
    select (select id from o) as id,
      case when not exists (select 1 from claim) then to_json(kopilka_refuse('not claimed'))
        when not ((select count(*) from m) = $37) then to_json(kopilka_refuse('an account moved since it was read'))
        else coalesce((select json_agg(id order by id) from e), '[]') end as entry_ids
