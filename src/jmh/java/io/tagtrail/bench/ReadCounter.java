package io.tagtrail.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Reads processed, reported by JMH as a throughput next to the benchmark's own operations. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ReadCounter {
    public long reads;

    @Setup(Level.Iteration)
    public void reset() {
        reads = 0;
    }
}
