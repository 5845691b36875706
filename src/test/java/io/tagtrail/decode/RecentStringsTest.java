package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecentStringsTest {
    private static String of(RecentStrings cache, String text) {
        byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
        return cache.of(b, 2, b.length - 4);
    }

    @Test
    void givesTheSameInstanceForTheSameBytes() {
        RecentStrings cache = new RecentStrings(16);
        String a = of(cache, "impinj-f0-a");
        assertEquals("impinj-f0-a", a);
        assertSame(a, of(cache, "impinj-f0-a"));
        assertEquals("impinj-f0-b", of(cache, "impinj-f0-b"));
        assertSame(a, of(cache, "impinj-f0-a"));
    }

    @Test
    void remembersEveryReaderOfAFewHundredThatDifferOnlyInTheirLastCharacters() {
        RecentStrings cache = new RecentStrings(1024);
        List<String> names = new ArrayList<>();
        for (int store = 0; store < 60; store++) {
            for (char r = 'a'; r <= 'e'; r++) {
                names.add(String.format("impinj-s%02d-%c", store, r));
            }
        }
        List<String> first = new ArrayList<>();
        for (String n : names) {
            first.add(of(cache, n));
        }
        int same = 0;
        for (int i = 0; i < names.size(); i++) {
            String again = of(cache, names.get(i));
            assertEquals(names.get(i), again);
            same += again == first.get(i) ? 1 : 0;
        }
        assertEquals(names.size(), same, "300 names in 1024 slots: none evicted");
    }

    @Test
    void keepsShortLongEmptyAndNonAsciiTextsApart() {
        RecentStrings cache = new RecentStrings(4);
        String[] texts = {"", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "r\u00e9ader-\u4e16", "x".repeat(17),
            "x".repeat(16) + "y", "y" + "x".repeat(16), "x".repeat(64), "x".repeat(65)};
        for (int round = 0; round < 3; round++) {
            for (String t : texts) {
                assertEquals(t, of(cache, t));
            }
        }
        assertNotSame(of(cache, "x".repeat(65)), of(cache, "x".repeat(65)), "long texts are not remembered");
    }

    @Test
    void needsAPowerOfTwoSlots() {
        assertThrows(IllegalArgumentException.class, () -> new RecentStrings(100));
        assertThrows(IllegalArgumentException.class, () -> new RecentStrings(2));
    }
}
