package io.latchkey.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** One combined KRaft node (broker + controller) in this JVM, or an external broker. */
final class TestKafkaBroker implements AutoCloseable {

    static final String EXTERNAL_ENV = "LATCHKEY_TEST_KAFKA_BOOTSTRAP_SERVERS";

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private TestKafkaBroker(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    static TestKafkaBroker start() {
        String external = System.getenv(EXTERNAL_ENV);
        if (external != null && !external.isBlank()) {
            return new TestKafkaBroker(null, external);
        }
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    // one node: every internal topic can only have one replica
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    // tests join consumer groups often; the default 3 s delay would dominate them
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // as in production: topics exist because TopicsInitializer created them with their settings
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new TestKafkaBroker(cluster, cluster.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker", e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the in-process Kafka broker", e);
        }
    }
}
