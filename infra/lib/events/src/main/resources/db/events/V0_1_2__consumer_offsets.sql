-- How far each consumer of this database has applied each partition, written in the same transaction as
-- the effect. A service instance about to read a projection waits until this reaches the partition's end
-- offset (read your writes across services); the row is shared by every instance of the service, so the
-- wait works whichever instance owns the partition.
create table consumer_offset (
    consumer    varchar(100) not null,
    topic       varchar(255) not null,
    partition   integer      not null,
    next_offset bigint       not null,
    updated_at  timestamptz  not null,
    primary key (consumer, topic, partition)
);
