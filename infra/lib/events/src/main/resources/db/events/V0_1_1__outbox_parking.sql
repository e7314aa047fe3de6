-- A row Kafka refuses for good (too large, topic not allowed) is parked, so the rows after it still go out.
alter table outbox_message add column parked_at timestamptz;
drop index outbox_message_pending;
create index outbox_message_pending on outbox_message (id) where sent_at is null and parked_at is null;
create index outbox_message_sent on outbox_message (sent_at) where sent_at is not null;
create index processed_event_age on processed_event (processed_at);
