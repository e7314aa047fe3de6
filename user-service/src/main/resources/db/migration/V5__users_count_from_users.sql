-- app/stats reads users_count from authy_user (no hot statistics row in the registration transaction).
alter table monthly_stats drop column users_count;
create index authy_user_created on authy_user (application_id, created_at);
