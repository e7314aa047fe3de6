-- Starts (new or re-sent codes) per number and application in a fixed window: phone verification
-- needs no user, so without this one API key could make Latchkey text any number without end.
create table phone_send_counter (
    application_id    bigint      not null,
    phone_e164        varchar(20) not null,
    send_count        integer     not null,
    window_started_at timestamptz not null,
    primary key (application_id, phone_e164)
);
