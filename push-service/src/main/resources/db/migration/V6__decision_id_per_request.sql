-- A decision's unique id matters within its request (the compare-and-set already refuses a second answer, and a
-- signed decision names its request); across requests a repeated id is no replay and must not fail the insert.
alter table approval_request drop constraint if exists approval_request_decision_id_key;
