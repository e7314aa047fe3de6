package io.latchkey.authy.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.broker.BrokerStatus;
import io.latchkey.events.broker.KafkaAdmin;
import io.latchkey.roles.OperatorRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * One service's health as the operators' console shows it, through the gateway (which routes by the service's
 * name): its database, its broker, and how far behind each of its consumer groups is (records on the broker that
 * the group has not committed yet). The answer is the instance's that took the call; {@code /q/health} of each
 * instance says the same per instance (docs/operations.md "Health").
 */
@Path("/admin/status/{service}")
@RolesAllowed(OperatorRoles.VIEWER)
public class ServiceStatusResource {

    private static final String INCOMING = "mp.messaging.incoming.";
    private static final long BOUND_SECONDS = 2;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    @Inject
    Config config;

    @Inject
    DataSource dataSource;

    @Inject
    BrokerStatus broker;

    @Inject
    KafkaAdmin kafka;

    /** {@code lag}: null when the broker did not tell. */
    public record ConsumerLag(String channel, String group, List<String> topics, Long lag) {
    }

    public record Status(String service, boolean database, boolean broker,
            @JsonProperty("broker_unavailable_since") Instant brokerUnavailableSince, List<ConsumerLag> consumers) {
    }

    @GET
    public Status status(@PathParam("service") String service) {
        if (!serviceName.equals(service)) {
            throw AuthyException.notFound("service " + service + " (this is " + serviceName + ")");
        }
        boolean brokerAnswers = broker.available();
        List<ConsumerLag> consumers = new ArrayList<>();
        channels().forEach((channel, groupAndTopics) -> consumers.add(new ConsumerLag(channel, groupAndTopics.getKey(),
                groupAndTopics.getValue(), brokerAnswers ? lag(groupAndTopics.getKey(), groupAndTopics.getValue()) : null)));
        return new Status(serviceName, databaseAnswers(), brokerAnswers, broker.unavailableSince().orElse(null), consumers);
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) BOUND_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Every Kafka channel this service consumes: its group and topics, by channel name. */
    private Map<String, Map.Entry<String, List<String>>> channels() {
        Map<String, Map.Entry<String, List<String>>> channels = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(INCOMING) || !(name.endsWith(".topic") || name.endsWith(".topics"))) {
                continue;
            }
            String channel = name.substring(INCOMING.length(), name.lastIndexOf('.'));
            String group = config.getOptionalValue(INCOMING + channel + ".group.id", String.class).orElse(null);
            String topics = config.getOptionalValue(name, String.class).orElse(null);
            if (group != null && topics != null) {
                channels.put(channel, Map.entry(group, Arrays.stream(topics.split(",")).map(String::strip).toList()));
            }
        }
        return channels;
    }

    /** Records of {@code topics} on the broker that {@code group} has not committed; null when the broker did not answer. */
    private Long lag(String group, List<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(BOUND_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : kafka.admin().describeTopics(topics).allTopicNames()
                    .get(BOUND_SECONDS, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(partition ->
                        latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest()));
            }
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : kafka.admin().listOffsets(latest).all()
                    .get(BOUND_SECONDS, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
