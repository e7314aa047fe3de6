-- One row per delivery id: the log of what was sent where, and what became of it.
create table delivery (
    id                  uuid         primary key,
    application_id      bigint       not null,
    authy_id            bigint,
    channel             varchar(10)  not null,
    destination         varchar(20)  not null,
    locale              varchar(20),
    kind                varchar(30)  not null,
    status              varchar(20)  not null,
    provider            varchar(20)  not null,
    provider_message_id varchar(64),
    error_code          varchar(20),
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null
);
create index delivery_destination on delivery (destination);
