-- Number matching (per application, off by default): the number the portal shows and the device must send back.
alter table approval_request add column number_match varchar(4);
