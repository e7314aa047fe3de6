-- New authy_ids start at 1 000 000 000 (still an int, as authy-java reads them): ids imported from Authy
-- are below that, so users/new of one application never takes an id another application's import needs.
select setval('authy_id_seq', greatest(999999999, (select coalesce(max(authy_id), 0) from authy_user)));
