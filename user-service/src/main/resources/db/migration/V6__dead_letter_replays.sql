-- Which dead letters an operator put back on their topic, when and who (the admin API's audit trail).
create table dead_letter_replay (
    letter_id        text        not null,
    replayed_at      timestamptz not null,
    replayed_by      text        not null,
    target_topic     text        not null,
    target_partition integer     not null,
    target_offset    bigint      not null,
    primary key (letter_id, replayed_at)
);
