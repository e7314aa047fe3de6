-- Per-number and per-range limits are decided by token-service where the API call is answered
-- (DestinationLimits), so that "sent" is never refused later; the notifier keeps no counters.
drop table delivery_rate_counter;
