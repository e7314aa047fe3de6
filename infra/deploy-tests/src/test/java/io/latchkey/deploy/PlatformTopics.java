package io.latchkey.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's Kafka topics as infra/lib/events {@code Topics} declares them, read from its source text so that
 * a topic added there and forgotten in the chart fails HelmChartTest. TopicsInitializer creates
 * {@code ALL} and {@code DEAD_LETTERS}, {@code COMPACTED} with cleanup.policy=compact.
 */
record PlatformTopics(List<String> all, List<String> compacted, List<String> deadLetters) {

    static final String SOURCE = "infra/lib/events/src/main/java/io/latchkey/events/Topics.java";

    private static final Pattern STRING_CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*([^;]+);");
    private static final Pattern LIST_CONSTANT =
            Pattern.compile("static\\s+final\\s+List<String>\\s+(\\w+)\\s*=\\s*List\\.of\\(([^;]*)\\);");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\"");
    private static final String INCOMING = "mp.messaging.incoming.";
    private static final Pattern CHANNEL_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([a-z-]+)\\.topic");
    private static final String DEAD_LETTER_TOPICS = "latchkey.dead-letters.topics.";

    static PlatformTopics read() {
        String source = ProjectFiles.read(SOURCE);
        Map<String, String> strings = new HashMap<>();
        Matcher constant = STRING_CONSTANT.matcher(source);
        while (constant.find()) {
            strings.put(constant.group(1), evaluate(constant.group(2), strings));
        }
        Map<String, List<String>> lists = new HashMap<>();
        Matcher list = LIST_CONSTANT.matcher(source);
        while (list.find()) {
            List<String> values = new ArrayList<>();
            for (String argument : list.group(2).split(",")) {
                values.add(evaluate(argument, strings));
            }
            lists.put(list.group(1), List.copyOf(values));
        }
        for (String name : List.of("ALL", "COMPACTED", "DEAD_LETTERS")) {
            if (!lists.containsKey(name)) {
                throw new IllegalStateException(SOURCE + " has no List<String> " + name + " = List.of(...) any more: adapt PlatformTopics");
            }
        }
        return new PlatformTopics(lists.get("ALL"), lists.get("COMPACTED"), lists.get("DEAD_LETTERS"));
    }

    /** Every topic TopicsInitializer creates. */
    Set<String> everyTopic() {
        Set<String> topics = new LinkedHashSet<>(all);
        topics.addAll(deadLetters);
        return topics;
    }

    /**
     * The dead-letter topics the services' consumers write to (infra/lib/events {@code DeadLetterSender}):
     * {@code <topic>.dead-letter} for each channel reading one topic, unless it ignores what it cannot read, and
     * the topics named by {@code latchkey.dead-letters.topics.<consumer>}.
     */
    static Set<String> configuredDeadLetterTopics() {
        Set<String> topics = new TreeSet<>();
        for (Component service : Component.SERVICES) {
            Map<String, String> properties = ModuleConfiguration.of(service).properties();
            properties.forEach((key, value) -> {
                Matcher channel = CHANNEL_TOPIC.matcher(key);
                if (channel.matches() && !"ignore".equals(properties.get(INCOMING + channel.group(1) + ".failure-strategy"))) {
                    topics.add(value.trim() + ".dead-letter");
                }
                if (key.startsWith(DEAD_LETTER_TOPICS)) {
                    topics.add(value.trim());
                }
            });
        }
        return topics;
    }

    /** A Java string expression of literals and constants joined by +, e.g. {@code USERS + ".dead-letter"}. */
    private static String evaluate(String expression, Map<String, String> constants) {
        StringBuilder value = new StringBuilder();
        for (String part : expression.split("\\+")) {
            String term = part.strip();
            Matcher literal = LITERAL.matcher(term);
            if (literal.matches()) {
                value.append(literal.group(1));
            } else if (constants.containsKey(term)) {
                value.append(constants.get(term));
            } else {
                throw new IllegalStateException(SOURCE + ": cannot evaluate '" + term + "' in '" + expression.strip() + "'");
            }
        }
        return value.toString();
    }
}
