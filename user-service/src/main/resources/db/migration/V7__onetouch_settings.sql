-- OneTouch settings per application: number matching (off by default) and a cap on how long a request stays open.
alter table application add column onetouch_number_matching       boolean not null default false;
alter table application add column onetouch_max_seconds_to_expire bigint  not null default 0;
