-- Messages per destination in a window (limits/DestinationLimits): per application and number, per application
-- and number range, and per number across all applications. One row per counter key; no number appears in
-- clear in the key's scope name, only in the key itself, which is deleted with its window.
create table destination_counter (
    counter_key       varchar(64) primary key,
    message_count     integer     not null,
    window_started_at timestamptz not null
);
create index destination_counter_window on destination_counter (window_started_at);
