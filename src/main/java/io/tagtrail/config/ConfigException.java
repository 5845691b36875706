package io.tagtrail.config;

import java.util.List;

/** The configuration has wrong settings; the message lists each of them on its own line. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
}
