-- OneTouch callbacks to the application (docs/authy-api.md §3), delivered from this table as from an outbox:
-- a row is written in the transaction of the decision, and sent (at least once) after commit.
create table callback_delivery (
    id              uuid          primary key,           -- webhook-id: stable across retries
    approval_uuid   uuid          not null,
    application_id  bigint        not null,
    url             varchar(2048) not null,
    method          varchar(8)    not null,
    body            text          not null,              -- the §3 parameters, as JSON
    state           varchar(12)   not null,              -- PENDING, DELIVERED, FAILED
    attempts        integer       not null,
    next_attempt_at timestamptz   not null,
    created_at      timestamptz   not null,
    delivered_at    timestamptz,
    last_error      varchar(500)
);
create index callback_delivery_due on callback_delivery (next_attempt_at) where state = 'PENDING';
create index callback_delivery_approval on callback_delivery (approval_uuid);

-- Every attempt, for operators: when, how long, what the endpoint answered or what went wrong.
create table callback_attempt (
    id           bigserial     primary key,
    delivery_id  uuid          not null references callback_delivery (id) on delete cascade,
    attempt      integer       not null,
    started_at   timestamptz   not null,
    latency_ms   bigint        not null,
    http_status  integer,
    error        varchar(500)
);
create index callback_attempt_delivery on callback_attempt (delivery_id, attempt);

-- Nudges for a device (devices.notifications: an sms or call answered "ignored" because the user has the app),
-- handed to the device with its next poll and then marked delivered.
create table device_notification (
    id           uuid        primary key,
    device_id    bigint      not null,
    authy_id     bigint      not null,
    reason       varchar(16) not null,
    created_at   timestamptz not null,
    delivered_at timestamptz
);
create index device_notification_open on device_notification (device_id) where delivered_at is null;
