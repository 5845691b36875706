package io.tagtrail.core;

/**
 * A completed store visit: from the first confirmed presence until the tag left through an entrance or was unseen
 * for the trip timeout. {@code path} holds zone indices in the order they were visited.
 */
public record Trip(long epcHi, long epcLo, long startMillis, long endMillis, int[] path, boolean leftByEntrance) {
}
