package io.tagtrail.bench;

import io.tagtrail.member.Member;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.Epc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.Map;

/** The member join: one directory look-up per operation in a directory of one million cards. */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MemberJoinBenchmark {
    private static final int CARDS = 1_000_000;
    private final MemberDirectory directory = new MemberDirectory();
    private long next;

    @Setup
    public void load() {
        Map<String, Member> cards = new HashMap<>(CARDS * 2);
        for (int i = 0; i < CARDS; i++) {
            cards.put(Epc.toHex(0x2D14_0000_0000_0000L, i), new Member("M" + i, "gold", "family"));
        }
        directory.replace(cards);
    }

    @Benchmark
    public Member lookup() {
        next = (next + 7919) % (CARDS + CARDS / 3);
        return directory.lookup(0x2D14_0000_0000_0000L, next);
    }
}
