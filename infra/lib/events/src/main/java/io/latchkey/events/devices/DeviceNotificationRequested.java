package io.latchkey.events.devices;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * Asks push-service to nudge a user's device ("open the app for your token") when {@code sms}/{@code call}
 * answer {@code ignored:true} instead of sending (docs/authy-api.md §6 "SMS/voice upgrade"). Published by
 * token-service on {@code devices.notifications} ({@link io.latchkey.events.Topics#DEVICE_NOTIFICATIONS}),
 * keyed by authy_id. Never carries a code or a seed. Its own topic, so that consumers of {@code devices}
 * only ever read {@link DeviceChanged}.
 *
 * @param reason {@code sms} or {@code call}: what the application asked for
 */
public record DeviceNotificationRequested(long deviceId, long authyId, long applicationId, String osType, String reason)
        implements EventPayload {

    public static final String TYPE = "device.notification-requested";
    public static final int SCHEMA_VERSION = 1;

    @Override
    public String topic() {
        return Topics.DEVICE_NOTIFICATIONS;
    }

    @Override
    public String key() {
        return String.valueOf(authyId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
