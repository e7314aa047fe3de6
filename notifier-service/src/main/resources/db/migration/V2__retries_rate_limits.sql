-- Retries: a transient provider failure leaves the delivery QUEUED with the next attempt's time and
-- the request sealed (AES-GCM, it carries the code) until it is sent or given up. An attempt in
-- flight is marked, so that a crash mid-send is found later and failed rather than sent twice.
alter table delivery add column attempts           integer     not null default 0;
alter table delivery add column next_attempt_at    timestamptz;
alter table delivery add column attempt_started_at timestamptz;
alter table delivery add column sealed_request     text;
-- our own codes ("rate-limited-destination") are longer than Twilio's numbers
alter table delivery alter column error_code type varchar(64);

create index delivery_due on delivery (next_attempt_at) where status = 'QUEUED' and attempt_started_at is null;
create index delivery_in_flight on delivery (attempt_started_at) where attempt_started_at is not null;
create index delivery_provider_message on delivery (provider_message_id);

-- Fraud guard: messages counted per fixed window, per destination number and per number prefix.
-- Incremented with a conditional upsert, so concurrent consumers never pass a limit together.
create table delivery_rate_counter (
    scope        varchar(16)  not null,
    subject      varchar(20)  not null,
    window_start timestamptz  not null,
    sent         integer      not null,
    primary key (scope, subject, window_start)
);
create index delivery_rate_counter_window on delivery_rate_counter (window_start);
