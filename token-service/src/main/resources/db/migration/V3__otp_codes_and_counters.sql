-- SMS/voice codes (authy-api.md rows 9-11): kept as an HMAC for checking, and sealed (AES-GCM,
-- infra/crypto) only so that a repeated request within the lifetime re-sends the same code; the
-- sealed copy is dropped once the code is used.
create table otp_code (
    id             uuid         primary key,
    application_id bigint       not null,
    authy_id       bigint       not null,
    channel        varchar(10)  not null,
    action         varchar(255),
    code_length    integer      not null,
    code_hmac      char(64)     not null,
    code_sealed    text,
    expires_at     timestamptz  not null,
    used_at        timestamptz,
    created_at     timestamptz  not null
);
create index otp_code_user on otp_code (authy_id, expires_at desc);

-- Per-user counters in fixed windows. Verify takes this row's lock (select ... for update), which
-- serialises one user's verifications so the lockout threshold holds exactly under parallel requests;
-- send and registration limits are single conditional upserts.
create table user_counter (
    authy_id                       bigint      primary key,
    failed_count                   integer     not null default 0,
    failed_window_started_at       timestamptz,
    locked_until                   timestamptz,
    send_count                     integer     not null default 0,
    send_window_started_at         timestamptz,
    registration_count             integer     not null default 0,
    registration_window_started_at timestamptz
);
