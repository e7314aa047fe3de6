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
    private static final String DEAD_LETTER_QUEUE_TOPIC = ".dead-letter-queue.topic";

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

    /** The dead-letter topics the services' consumers are configured to write to (SmallRye's failure strategy). */
    static Set<String> configuredDeadLetterTopics() {
        Set<String> topics = new TreeSet<>();
        for (Component service : Component.SERVICES) {
            ModuleConfiguration.of(service).properties().forEach((key, value) -> {
                if (key.endsWith(DEAD_LETTER_QUEUE_TOPIC)) {
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
