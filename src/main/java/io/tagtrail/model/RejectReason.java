package io.tagtrail.model;

/** Why a payload or a read was not accepted. Every rejection is counted under one of these. */
public enum RejectReason {
    MALFORMED_JSON("malformed_json"),
    PAYLOAD_TOO_LARGE("payload_too_large"),
    UNSUPPORTED_EVENT("unsupported_event"),
    MISSING_FIELD("missing_field"),
    BAD_EPC("bad_epc"),
    BAD_TIMESTAMP("bad_timestamp"),
    TIMESTAMP_IN_FUTURE("timestamp_in_future"),
    BAD_ANTENNA("bad_antenna"),
    BAD_RSSI("bad_rssi"),
    UNKNOWN_STORE("unknown_store"),
    UNKNOWN_READER("unknown_reader"),
    UNKNOWN_ANTENNA("unknown_antenna"),
    BAD_TOPIC("bad_topic"),
    FORBIDDEN_TOPIC("forbidden_topic"),
    /** A QoS 0 message (one nobody resends) that came while the pipelines were far behind. */
    OVERLOADED("overloaded");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    /** Stable snake_case name used in metrics and summaries. */
    public String label() {
        return label;
    }
}
