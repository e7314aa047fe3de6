-- Failed phone-verification checks per (application, number) in a fixed window, across verifications:
-- a new start cannot reset the guessing budget (token-service README "Policies").
create table phone_check_counter (
    application_id    bigint       not null,
    phone_e164        varchar(20)  not null,
    failed_count      integer      not null,
    window_started_at timestamptz  not null,
    primary key (application_id, phone_e164)
);
