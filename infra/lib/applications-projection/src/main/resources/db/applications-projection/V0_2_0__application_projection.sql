-- Shared by every service: the local read model of applications used to check X-Authy-API-Key.
-- Versions 0.2.x belong to infra/authy-http; services start at V1.
create table application_projection (
    application_id                bigint       primary key,
    revision                      bigint       not null,
    name                          varchar(255) not null,
    api_key_sha256                char(64)     not null unique,
    api_key_ciphertext            text,
    token_length                  integer      not null,
    sms_enabled                   boolean      not null,
    voice_enabled                 boolean      not null,
    onetouch_enabled              boolean      not null,
    generic_authenticator_enabled boolean      not null,
    updated_at                    timestamptz  not null
);
