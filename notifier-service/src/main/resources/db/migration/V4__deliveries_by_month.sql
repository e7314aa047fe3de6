-- The operators' monthly figures, per application, channel and outcome (GET /admin/deliveries/stats).
create index delivery_created on delivery (created_at);
