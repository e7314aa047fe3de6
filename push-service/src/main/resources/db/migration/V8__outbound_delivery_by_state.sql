-- operators list the latest deliveries by kind and state (the FAILED ones are the callbacks' dead letters)
create index outbound_delivery_kind_state on outbound_delivery (kind, state, created_at desc);
