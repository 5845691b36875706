package io.tagtrail.core;

import io.tagtrail.model.TagRead;

import java.util.Random;

/** Reads for ordering tests: few distinct tags, readers, antennas and RSSIs, so that many tie on all but one key. */
final class RandomReads {
    private RandomReads() {
    }

    static TagRead at(long timeMicros, Random random) {
        TagRead r = new TagRead();
        r.timeMicros = timeMicros;
        r.epcHi = random.nextInt(3);
        r.epcLo = random.nextInt(3);
        r.readerIndex = random.nextInt(2);
        r.antenna = 1 + random.nextInt(2);
        r.rssiCdbm = -5000 - random.nextInt(2);
        return r;
    }
}
