-- Shared by the services that act on users without owning them (token-service, push-service): the read
-- model of the compacted users topic. Versions 0.3.x belong to infra/users-projection.
create table users_projection (
    authy_id       bigint       primary key,
    application_id bigint       not null,
    revision       bigint       not null,
    country_code   integer      not null,
    phone_e164     varchar(20),
    email          varchar(320),
    registered     boolean      not null,
    deleted        boolean      not null,
    updated_at     timestamptz  not null
);
create index users_projection_application on users_projection (application_id);
