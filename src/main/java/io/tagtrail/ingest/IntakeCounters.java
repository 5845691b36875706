package io.tagtrail.ingest;

import io.tagtrail.model.RejectReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Messages and reads taken in by every intake of this instance, and every rejection by reason. */
public final class IntakeCounters {
    private final LongAdder messages = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

    public IntakeCounters() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    void countMessage() {
        messages.increment();
    }

    void countAccepted(int n) {
        if (n != 0) {
            reads.add(n);
        }
    }

    void countRedelivered() {
        redelivered.increment();
    }

    void countRejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public long messages() {
        return messages.sum();
    }

    /** Reads accepted into a store pipeline. */
    public long readsAccepted() {
        return reads.sum();
    }

    /** Messages recognised as deliveries again of a message already taken, and not taken again. */
    public long redelivered() {
        return redelivered.sum();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long rejectedTotal() {
        long sum = 0;
        for (LongAdder a : rejected.values()) {
            sum += a.sum();
        }
        return sum;
    }
}
