-- A deleted application stays as a tombstone (deleted + its last revision), so that an older event
-- arriving after the delete cannot bring its API key back.
alter table application_projection add column deleted boolean not null default false;
