-- The soft-token length given to a device when it registered; the device keeps computing that many digits
-- even if the application's token length changes later. Rows from before V9 stay null: verify falls back
-- to the application's token length for them.
alter table device add column digits integer;
