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
          and a.kind = 'bonus' order by a.id limit 1) and remaining <> 0) as "lots" from "cards" as "c" inner join "guests" as "g" on "g"."org_id" = "c"."org_id" and "g"."id" = "c"."guest_id" where "c"."org_id" = $19 and ("c"."number" = $20 or "c"."uid" = $21 or "c"."track" = $22)
