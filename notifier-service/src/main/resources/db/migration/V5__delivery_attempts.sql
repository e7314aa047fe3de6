-- Each try at sending a delivery, for the operators' log (GET /admin/deliveries): when it started and ended,
-- what the provider said, and, once its status callbacks come, what became of the message it sent.
-- Deliveries logged before this version have no rows here (their attempt count is on delivery.attempts).
create table delivery_attempt (
    delivery_id         uuid         not null references delivery (id) on delete cascade,
    number              integer      not null,
    started_at          timestamptz  not null,
    finished_at         timestamptz,
    outcome             varchar(20)  not null,
    error_code          varchar(64),
    provider_message_id varchar(64),
    primary key (delivery_id, number)
);
-- An application's delivery log, newest first (GET /admin/deliveries?app_id=).
create index delivery_application_created on delivery (application_id, created_at);
