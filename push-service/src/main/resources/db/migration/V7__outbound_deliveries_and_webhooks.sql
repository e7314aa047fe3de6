-- One outbox for everything push-service sends to applications: OneTouch callbacks (docs/authy-api.md §3) and
-- dashboard webhooks (§4) share the delivery rules (at least once, backoff, every attempt recorded).
alter table callback_delivery rename to outbound_delivery;
alter index callback_delivery_due rename to outbound_delivery_due;
alter index callback_delivery_approval rename to outbound_delivery_approval;
alter table callback_attempt rename to delivery_attempt;
alter index callback_attempt_delivery rename to delivery_attempt_delivery;
alter table outbound_delivery add column kind varchar(12) not null default 'CALLBACK'; -- CALLBACK or WEBHOOK
alter table outbound_delivery alter column approval_uuid drop not null;
alter table outbound_delivery add column webhook_id varchar(40);
alter table outbound_delivery add column event_id uuid;
-- an event reaches a webhook once, however often the consumer sees it
create unique index outbound_delivery_webhook_event on outbound_delivery (webhook_id, event_id) where webhook_id is not null;

-- Dashboard webhooks (docs/authy-api.md rows 20-22): an application's subscriptions to its events.
create table webhook (
    id                     varchar(40)   primary key,  -- WH_ + 32 hex digits
    application_id         bigint        not null,
    name                   varchar(100)  not null,
    url                    varchar(2048) not null,
    events                 varchar(2000) not null,     -- event names, comma-separated
    signing_key_ciphertext varchar(500)  not null,     -- WSK_…, sealed (context webhook-signing-key:<id>)
    state                  varchar(12)   not null,     -- ENABLED, DISABLED, DELETED
    created_at             timestamptz   not null,
    failing_since          timestamptz,                -- first failed attempt since the last success
    disabled_at            timestamptz,
    disabled_reason        varchar(500)
);
create index webhook_application on webhook (application_id) where state <> 'DELETED';

-- The events delivered to webhooks, as their JWT claims (no secrets), kept for redelivery by id.
create table webhook_event (
    id             uuid         primary key,           -- the source event's id; a test event's own
    application_id bigint       not null,
    name           varchar(64)  not null,
    claims         text         not null,
    occurred_at    timestamptz  not null
);

-- Nonces of signed dashboard requests already seen: a replayed request is refused.
create table dashboard_nonce (
    application_id bigint       not null,
    nonce          varchar(100) not null,
    seen_at        timestamptz  not null,
    primary key (application_id, nonce)
);
create index dashboard_nonce_seen on dashboard_nonce (seen_at);
