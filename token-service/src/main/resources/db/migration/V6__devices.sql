-- Devices: authenticator apps that proved the user's phone and hold a soft-token seed (sealed here).
create sequence device_id_seq start with 1000001;
create table device (
    id                  bigint       primary key,
    authy_id            bigint       not null,
    application_id      bigint       not null,
    os_type             varchar(32)  not null,
    public_key          text         not null,
    key_algorithm       varchar(16)  not null,
    seed_sealed         text         not null,
    last_used_step      bigint,
    registration_method varchar(10)  not null,
    status              varchar(16)  not null,
    registered_at       timestamptz  not null,
    removed_at          timestamptz
);
create index device_user on device (authy_id, status);

create table device_registration (
    id              uuid         primary key,
    authy_id        bigint       not null,
    application_id  bigint       not null,
    via             varchar(10)  not null,
    code_hmac       char(64)     not null,
    failed_attempts integer      not null default 0,
    expires_at      timestamptz  not null,
    completed_at    timestamptz,
    created_at      timestamptz  not null
);
create index device_registration_user on device_registration (authy_id);
