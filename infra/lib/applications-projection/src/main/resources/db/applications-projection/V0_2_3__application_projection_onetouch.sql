-- The OneTouch settings push-service needs: number matching and the cap on a request's lifetime.
alter table application_projection add column onetouch_number_matching       boolean not null default false;
alter table application_projection add column onetouch_max_seconds_to_expire bigint  not null default 0;
