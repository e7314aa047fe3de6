package io.latchkey.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict reading of fabric8 model objects. Jackson puts every field the Kubernetes API does not define (a typo
 * such as {@code readOnlyRootFileSystem}, a field at the wrong level) into the object's {@code additionalProperties}
 * instead of failing; the API server would drop it or refuse the object. This walks an object graph and names
 * every such field with its path.
 */
final class StrictModel {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final String ADDITIONAL_PROPERTIES = "additionalProperties";

    private StrictModel() {
    }

    /** Paths and names of the fields no model class declares, e.g. {@code spec.template.spec.containers[0]: [foo]}. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object node, String path, List<String> found, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", found, seen);
            }
        } else if (node instanceof Map<?, ?> map) {
            // maps of the model (labels, data, resources.requests): their values may be model objects (Quantity)
            map.forEach((key, value) -> walk(value, path + "[" + key + "]", found, seen));
        } else if (node.getClass().getName().startsWith(MODEL_PACKAGE)) {
            walkModelObject(node, path, found, seen);
        }
    }

    private static void walkModelObject(Object node, String path, List<String> found, Set<Object> seen) {
        for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object value = read(field, node);
                if (field.getName().equals(ADDITIONAL_PROPERTIES)) {
                    if (value instanceof Map<?, ?> additional && !additional.isEmpty()) {
                        found.add((path.isEmpty() ? "(top level)" : path) + ": " + additional.keySet());
                    }
                } else {
                    walk(value, path.isEmpty() ? field.getName() : path + "." + field.getName(), found, seen);
                }
            }
        }
    }

    private static Object read(Field field, Object node) {
        try {
            field.setAccessible(true);
            return field.get(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
