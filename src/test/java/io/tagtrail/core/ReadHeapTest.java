package io.tagtrail.core;

import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadHeapTest {
    private static TagRead read(Random random) {
        return RandomReads.at(random.nextInt(40) - 20, random); // many equal times
    }

    @Test
    void pollsInTheReorderBuffersTotalOrderWhateverTheInsertionOrder() {
        Random random = new Random(17);
        for (int round = 0; round < 300; round++) {
            ReadHeap heap = new ReadHeap(1, ReorderBuffer::compare);
            List<TagRead> all = new ArrayList<>();
            List<TagRead> polled = new ArrayList<>();
            int n = random.nextInt(300);
            for (int i = 0; i < n; i++) {
                TagRead r = read(random);
                all.add(r);
                heap.add(r);
                if (random.nextInt(4) == 0 && !heap.isEmpty()) {
                    long time = heap.peekTime();
                    TagRead p = heap.poll();
                    assertEquals(time, p.timeMicros);
                    polled.add(p);
                }
            }
            while (!heap.isEmpty()) {
                polled.add(heap.poll());
            }
            assertEquals(0, heap.size());
            assertEquals(n, polled.size());
            // between interleaved polls the order holds within what was present; check against a sorted replay
            ReadHeap again = new ReadHeap(4, ReorderBuffer::compare);
            all.forEach(again::add);
            List<TagRead> sorted = new ArrayList<>(all);
            sorted.sort(ReorderBuffer::compare);
            for (TagRead expected : sorted) {
                TagRead got = again.poll();
                assertEquals(0, ReorderBuffer.compare(expected, got), "round " + round);
            }
            assertTrue(again.isEmpty());
        }
    }

    @Test
    void keepsTheInstanceItWasGiven() {
        ReadHeap heap = new ReadHeap(16, ReorderBuffer::compare);
        TagRead r = new TagRead();
        heap.add(r);
        assertSame(r, heap.poll());
    }
}
