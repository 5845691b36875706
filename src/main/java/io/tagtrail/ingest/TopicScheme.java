package io.tagtrail.ingest;

/**
 * The MQTT topic convention that carries a read's store and reader: a template such as
 * {@code tagtrail/{store}/{reader}/reads}, where each placeholder is one topic level. The subscription filter is
 * the template with the placeholders replaced by {@code +}.
 */
public final class TopicScheme {
    public static final String DEFAULT_TEMPLATE = "tagtrail/{store}/{reader}/reads";

    private final String template;
    private final String[] levels;
    private final int storeLevel;
    private final int readerLevel;

    public TopicScheme(String template) {
        this.template = template;
        this.levels = template.split("/", -1);
        int s = -1;
        int r = -1;
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("{store}")) {
                s = i;
            } else if (levels[i].equals("{reader}")) {
                r = i;
            } else if (levels[i].isEmpty() || levels[i].contains("+") || levels[i].contains("#")
                    || levels[i].contains("{")) {
                throw new IllegalArgumentException("mqtt.topic-template level '" + levels[i] + "' in " + template
                        + " must be a plain name, {store} or {reader}");
            }
        }
        if (s < 0 || r < 0) {
            throw new IllegalArgumentException("mqtt.topic-template must contain {store} and {reader}: " + template);
        }
        this.storeLevel = s;
        this.readerLevel = r;
    }

    public String template() {
        return template;
    }

    /** The filter to subscribe with, for example {@code tagtrail/+/+/reads}. */
    public String filter() {
        return template.replace("{store}", "+").replace("{reader}", "+");
    }

    /** The topic a reader of a store publishes to. */
    public String topic(String storeId, String readerId) {
        return template.replace("{store}", storeId).replace("{reader}", readerId);
    }

    /** The store and reader of a topic, or null when the topic does not follow the template. */
    public String[] parse(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != levels.length) {
            return null;
        }
        for (int i = 0; i < levels.length; i++) {
            if (i != storeLevel && i != readerLevel && !levels[i].equals(parts[i])) {
                return null;
            }
            if (parts[i].isEmpty()) {
                return null;
            }
        }
        return new String[]{parts[storeLevel], parts[readerLevel]};
    }
}
