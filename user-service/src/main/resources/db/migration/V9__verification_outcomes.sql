-- The operator console's overview counts verifications by outcome (docs/console.md "Overview"): valid ones are
-- auths_count (app/stats), these are the refused ones.
alter table monthly_stats
    add column verifications_invalid_count bigint not null default 0,
    add column verifications_locked_count  bigint not null default 0;
