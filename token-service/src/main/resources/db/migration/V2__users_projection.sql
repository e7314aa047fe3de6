-- token-service's read model of users (from the compacted users topic, published by user-service).
create table token_user (
    authy_id       bigint       primary key,
    application_id bigint       not null,
    revision       bigint       not null,
    country_code   integer      not null,
    phone_e164     varchar(20),
    email          varchar(255),
    registered     boolean      not null,
    deleted        boolean      not null,
    updated_at     timestamptz  not null
);
create index token_user_application on token_user (application_id);
