package io.tagtrail.layout;

import java.util.Locale;

/** What a zone of the store is. */
public enum ZoneKind {
    ENTRANCE, DEPARTMENT, AISLE, COUNTER, CHECKOUT, ESCALATOR, FITTING_ROOM, OTHER;

    /** The lower-case name used in layout files and in the database. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ZoneKind parse(String label) {
        for (ZoneKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        return null;
    }
}
