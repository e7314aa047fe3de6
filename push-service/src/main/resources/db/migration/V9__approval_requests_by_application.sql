-- Operators page through an application's approval requests, newest first, optionally by status
-- (GET /admin/onetouch/approval-requests).
create index approval_request_application on approval_request (application_id, created_at desc);
-- and the month's requests of every application, by status (GET /admin/onetouch/stats)
create index approval_request_created on approval_request (created_at);
