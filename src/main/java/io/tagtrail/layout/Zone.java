package io.tagtrail.layout;

/**
 * A zone of a store floor. {@code index} is its dense id within the layout; {@code x, y, width, height} place
 * it on the floor plan (metres from the floor's origin).
 */
public record Zone(int index, String id, String name, int floor, ZoneKind kind,
                   double x, double y, double width, double height) {
}
