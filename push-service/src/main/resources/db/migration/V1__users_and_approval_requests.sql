-- A projection of users (from the users topic) and the OneTouch approval requests.
create table user_projection (
    authy_id       bigint       primary key,
    application_id bigint       not null,
    revision       bigint       not null,
    email          varchar(255),
    registered     boolean      not null,
    deleted        boolean      not null
);

create table approval_request (
    uuid              uuid          primary key,
    application_id    bigint        not null,
    authy_id          bigint        not null,
    message           varchar(200)  not null,
    details           text          not null,
    hidden_details    text          not null,
    logos             text,
    status            varchar(10)   not null,
    seconds_to_expire bigint        not null,
    expires_at        timestamptz,
    notified          boolean       not null,
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null,
    processed_at      timestamptz
);
create index approval_request_user on approval_request (application_id, authy_id, created_at desc);
