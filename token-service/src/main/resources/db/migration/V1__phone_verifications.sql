-- Phone verification (authy-api.md rows 16-17): no user needed; the code is kept as an HMAC only.
create table phone_verification (
    id             uuid         primary key,
    application_id bigint       not null,
    phone_e164     varchar(20)  not null,
    via            varchar(10)  not null,
    code_hmac      char(64)     not null,
    expires_at     timestamptz  not null,
    verified_at    timestamptz,
    created_at     timestamptz  not null
);
create index phone_verification_pending on phone_verification (application_id, phone_e164, created_at desc);
