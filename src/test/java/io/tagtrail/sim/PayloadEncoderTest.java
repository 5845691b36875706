package io.tagtrail.sim;

import io.tagtrail.decode.CapturingDecoderSink;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the simulator writes in each reader format is what the service reads: every encoded read decodes back to
 * the same tag, antenna, time (at the format's precision) and RSSI (at the format's resolution).
 */
class PayloadEncoderTest {
    @Test
    void everyFormatDecodesBackToTheReadsThatWereEncoded() {
        for (String format : List.of("impinj", "zebra", "llrp")) {
            SplittableRandom rnd = new SplittableRandom(format.hashCode());
            int n = 50;
            long[] time = new long[n];
            long[] hi = new long[n];
            long[] lo = new long[n];
            int[] antenna = new int[n];
            int[] rssi = new int[n];
            for (int i = 0; i < n; i++) {
                time[i] = 1_795_346_403_000_000L + rnd.nextLong(86_400_000_000L);
                hi[i] = 0x2D14_0000_0000_0000L | rnd.nextLong(1L << 40);
                lo[i] = rnd.nextLong(1L << 32);
                antenna[i] = 1 + rnd.nextInt(8);
                rssi[i] = -10 * (400 + rnd.nextInt(400));
            }
            byte[] payload = PayloadFormats.encoder(format).encode("impinj-f0-a", n, time, hi, lo, antenna, rssi);
            TagReadDecoder decoder = new DecoderSelector("auto").apply(payload);
            assertEquals(format, decoder.format(), "the payload is recognised as " + format);
            CapturingDecoderSink out = CapturingDecoderSink.decode(decoder, payload);
            assertEquals(List.of(), out.rejects, format);
            assertEquals(n, out.reads.size(), format);
            long precision = format.equals("zebra") ? 1000 : 1;
            for (int i = 0; i < n; i++) {
                TagRead r = out.reads.get(i);
                assertEquals(hi[i], r.epcHi, format);
                assertEquals(lo[i], r.epcLo, format);
                assertEquals(antenna[i], r.antenna, format);
                assertEquals(Math.floorDiv(time[i], precision) * precision, r.timeMicros, format);
                assertEquals(rssi[i], r.rssiCdbm, format);
            }
        }
    }
}
