package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IsoTimestampTest {

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    @Test
    void parsesUtcInstantWithMillis() {
        assertEquals(micros("2026-11-22T10:00:03.120Z"), IsoTimestamp.parseMicros("2026-11-22T10:00:03.120Z"));
        assertEquals(1_795_341_603_120_000L, IsoTimestamp.parseMicros("2026-11-22T10:00:03.120Z"));
    }

    @Test
    void parsesWithoutFraction() {
        assertEquals(1_795_341_603_000_000L, IsoTimestamp.parseMicros("2026-11-22T10:00:03Z"));
    }

    @Test
    void acceptsZeroToNineFractionDigitsAndTruncatesBelowAMicrosecond() {
        long base = 1_795_341_603_000_000L;
        assertEquals(base + 100_000, IsoTimestamp.parseMicros("2026-11-22T10:00:03.1Z"));
        assertEquals(base + 120_000, IsoTimestamp.parseMicros("2026-11-22T10:00:03.12Z"));
        assertEquals(base + 123_400, IsoTimestamp.parseMicros("2026-11-22T10:00:03.1234Z"));
        assertEquals(base + 120_456, IsoTimestamp.parseMicros("2026-11-22T10:00:03.120456Z"));
        assertEquals(base + 120_456, IsoTimestamp.parseMicros("2026-11-22T10:00:03.1204567Z"));
        assertEquals(base + 120_456, IsoTimestamp.parseMicros("2026-11-22T10:00:03.120456789Z"));
        assertEquals(base + 999_999, IsoTimestamp.parseMicros("2026-11-22T10:00:03.999999999Z"));
        assertEquals(base + 120_000, IsoTimestamp.parseMicros("2026-11-22T10:00:03,12Z"), "comma as decimal sign");
    }

    @Test
    void rejectsTenFractionDigitsOrAnEmptyFraction() {
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros("2026-11-22T10:00:03.1204567891Z"));
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros("2026-11-22T10:00:03.Z"));
    }

    @Test
    void appliesOffsetsWithColonWithoutColonAndHoursOnly() {
        long utc = IsoTimestamp.parseMicros("2026-11-22T09:00:03.5Z");
        assertEquals(utc, IsoTimestamp.parseMicros("2026-11-22T10:00:03.5+01:00"));
        assertEquals(utc, IsoTimestamp.parseMicros("2026-11-22T10:00:03.5+0100"));
        assertEquals(utc, IsoTimestamp.parseMicros("2026-11-22T10:00:03.5+01"));
        assertEquals(utc, IsoTimestamp.parseMicros("2026-11-22T03:30:03.5-05:30"));
        assertEquals(utc, IsoTimestamp.parseMicros("2026-11-22T03:30:03.5-0530"));
        assertEquals(utc, IsoTimestamp.parseMicros("2026-11-22T09:00:03.5+00:00"));
    }

    @Test
    void offsetsCrossDayAndYearBoundaries() {
        assertEquals(micros("2025-12-31T23:30:00Z"), IsoTimestamp.parseMicros("2026-01-01T08:30:00+09:00"));
        assertEquals(micros("2027-01-01T02:00:00Z"), IsoTimestamp.parseMicros("2026-12-31T23:00:00-03:00"));
    }

    @Test
    void acceptsLowerCaseSeparatorsAndSpace() {
        long expected = 1_795_341_603_120_000L;
        assertEquals(expected, IsoTimestamp.parseMicros("2026-11-22t10:00:03.120z"));
        assertEquals(expected, IsoTimestamp.parseMicros("2026-11-22 10:00:03.120Z"));
    }

    @Test
    void handlesLeapDaysAndInstantsBeforeTheEpoch() {
        assertEquals(micros("2024-02-29T12:00:00Z"), IsoTimestamp.parseMicros("2024-02-29T12:00:00Z"));
        assertEquals(micros("2000-02-29T00:00:00Z"), IsoTimestamp.parseMicros("2000-02-29T00:00:00Z"));
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros("2026-02-29T12:00:00Z"));
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros("1900-02-29T12:00:00Z"));
        assertEquals(-500_000L, IsoTimestamp.parseMicros("1969-12-31T23:59:59.5Z"));
        assertEquals(0L, IsoTimestamp.parseMicros("1970-01-01T00:00:00Z"));
    }

    @Test
    void rejectsOutOfRangeFields() {
        String[] bad = {
            "2026-13-22T10:00:03Z", "2026-00-22T10:00:03Z", "2026-11-31T10:00:03Z", "2026-11-00T10:00:03Z",
            "2026-11-22T24:00:03Z", "2026-11-22T10:60:03Z", "2026-11-22T10:00:61Z",
            "2026-11-22T10:00:03+19:00", "2026-11-22T10:00:03+01:60",
        };
        for (String s : bad) {
            assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros(s), s);
        }
    }

    @Test
    void rejectsMalformedText() {
        String[] bad = {
            "", "2026-11-22", "2026-11-22T10:00:03", "2026-11-22T10:00Z", "2026/11/22T10:00:03Z",
            "2026-11-22X10:00:03Z", "2026-11-22T10-00-03Z", "2026-11-22T10:00:03.120", "2026-11-22T10:00:03.12aZ",
            "2026-11-22T10:00:03ZZ", "2026-11-22T10:00:03Z ", "2026-11-22T10:00:03+", "2026-11-22T10:00:03+1",
            "2026-11-22T10:00:03+01:", "2026-11-22T10:00:03+01:0", "2026-11-22T10:00:03+01:000",
            "2026-11-22T10:00:03 +01:00", "2026-1a-22T10:00:03Z", "+2026-11-22T10:00:03Z", "1795341603120",
        };
        for (String s : bad) {
            assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros(s), "'" + s + "'");
        }
    }

    @Test
    void parsesWithinALargerCharBuffer() {
        char[] buf = "{\"t\":\"2026-11-22T10:00:03.120Z\",\"x\":1}".toCharArray();
        assertEquals(1_795_341_603_120_000L, IsoTimestamp.parseMicros(buf, 6, 24));
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros(buf, 6, 25), "closing quote is not part of it");
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros(buf, 6, 23), "cut inside the zone");
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsPrecisionsAndOffsets() {
        Random random = new Random(20261122);
        long from = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long second = from + (long) (random.nextDouble() * (to - from));
            int nanos = random.nextInt(1_000_000_000);
            int digits = random.nextInt(10);
            int offsetHours = random.nextInt(35) - 17;
            int halfHour = random.nextBoolean() ? 0 : 30;
            int offsetMinutes = offsetHours * 60 + (offsetHours < 0 ? -halfHour : halfHour);
            int style = random.nextInt(4);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(style == 0 ? 0 : offsetMinutes * 60);
            LocalDateTime local = LocalDateTime.ofEpochSecond(second, 0, offset);

            StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(),
                    local.getMonthValue(), local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond()));
            long fractionMicros = 0;
            if (digits > 0) {
                String nine = String.format("%09d", nanos);
                s.append('.').append(nine, 0, digits);
                String six = (nine.substring(0, digits) + "000000").substring(0, 6);
                fractionMicros = Long.parseLong(six);
            }
            int total = offset.getTotalSeconds() / 60;
            char sign = total < 0 ? '-' : '+';
            int hh = Math.abs(total) / 60;
            int mm = Math.abs(total) % 60;
            switch (style) {
                case 0 -> s.append('Z');
                case 1 -> s.append(String.format("%c%02d:%02d", sign, hh, mm));
                case 2 -> s.append(String.format("%c%02d%02d", sign, hh, mm));
                default -> {
                    if (mm == 0) {
                        s.append(String.format("%c%02d", sign, hh));
                    } else {
                        s.append(String.format("%c%02d:%02d", sign, hh, mm));
                    }
                }
            }
            long expected = second * 1_000_000L + fractionMicros;
            assertEquals(expected, IsoTimestamp.parseMicros(s), s.toString());
            String isoForJava = style == 3 && mm == 0 ? s + ":00"
                    : s.toString().replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2");
            Instant viaJava = java.time.OffsetDateTime.parse(isoForJava).toInstant();
            assertEquals(ChronoUnit.MICROS.between(Instant.EPOCH, viaJava), expected, s.toString());
        }
    }

    @Test
    void parsesFromBytesWithinALargerBuffer() {
        byte[] buf = "{\"t\":\"2026-11-22T10:00:03.120Z\",\"x\":1}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(1_795_341_603_120_000L, IsoTimestamp.parseMicros(buf, 6, 24));
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros(buf, 6, 25));
        assertEquals(IsoTimestamp.INVALID, IsoTimestamp.parseMicros("2026-11-22T10:00:03.12\u0663Z"),
                "a non-ASCII digit is no digit");
    }

    @Test
    void theReaderThatRemembersTheMinuteAgreesWithTheParserOnAnySequence() {
        Random random = new Random(11);
        IsoTimestampReader reader = new IsoTimestampReader();
        String[] zones = {"Z", "+01:00", "-0530", "+09", "z", "+19:00", ""};
        String previous = "2026-11-22T10:00:03.120Z";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder(previous.substring(0, 16));
            if (random.nextInt(4) == 0) {
                // a new minute, now and then an invalid one
                s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d", 1990 + random.nextInt(120),
                        1 + random.nextInt(13), 1 + random.nextInt(31), random.nextInt(25), random.nextInt(61)));
            }
            s.append(String.format(":%02d", random.nextInt(62)));
            if (random.nextBoolean()) {
                s.append('.').append(String.valueOf(random.nextLong() & Long.MAX_VALUE), 0, 1 + random.nextInt(9));
            }
            s.append(zones[random.nextInt(zones.length)]);
            if (random.nextInt(20) == 0) {
                s.setCharAt(random.nextInt(s.length()), (char) ('0' + random.nextInt(80)));
            }
            String text = s.toString();
            byte[] b = ("\"" + text + "\"").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            long expected = IsoTimestamp.parseMicros(text);
            assertEquals(expected, IsoTimestamp.parseMicros(b, 1, b.length - 2), text);
            assertEquals(expected, reader.parseMicros(b, 1, b.length - 2), text);
            if (text.length() >= 16) {
                previous = text;
            }
        }
    }
}
