package io.tagtrail.decode;

/**
 * A decoder for payloads of event objects with one read each (Impinj, Zebra): an {@link EventReader} reads the
 * objects one by one with the format's schema and hands each known value to the decoder, which then emits the
 * event's read or rejects it. Not thread-safe: one per thread.
 */
abstract class EventStreamDecoder implements TagReadDecoder {
    final JsonScanner scanner = new JsonScanner();
    final RecentStrings hostnames = new RecentStrings(1024);
    final IsoTimestampReader timestamps = new IsoTimestampReader();
    /** Where EPC parsers put the two halves of an EPC. */
    final long[] epc = new long[2];
    private final EventReader events;
    private final JsonPayloads.ObjectParser eventParser = this::event;

    EventStreamDecoder(JsonSchema schema) {
        this.events = new EventReader(schema, new EventReader.Fields() {
            @Override
            public void value(int id, JsonScanner s) {
                EventStreamDecoder.this.value(id, s);
            }

            @Override
            public void enter(int id) {
                EventStreamDecoder.this.enter(id);
            }

            @Override
            public void reset() {
                clear();
            }
        });
    }

    @Override
    public final void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(scanner, payload, offset, length, sink, eventParser);
    }

    /** How this decoder's events were read (for tests). */
    final EventReader events() {
        return events;
    }

    /** One event object; the scanner stands on its START_OBJECT and is left on its END_OBJECT or ERROR. */
    private void event(JsonScanner s, Sink sink) {
        if (events.read(s)) {
            emit(sink);
        }
    }

    /** See {@link EventReader.Fields#value}. */
    abstract void value(int id, JsonScanner s);

    /** See {@link EventReader.Fields#enter}. */
    abstract void enter(int id);

    /** Forgets the event read so far (see {@link EventReader.Fields#reset}). */
    abstract void clear();

    /** The whole event was read: emits its read, or rejects it. */
    abstract void emit(Sink sink);
}
