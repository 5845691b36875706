package io.tagtrail.decode;

/**
 * The fields of one object of a reader format that a decoder gives meaning to: their names (in the order readers
 * write them), an id per field that is unique within the format, and for a field whose value is itself an object
 * of known fields, that object's schema. Fields not named here are skipped. Immutable.
 */
final class JsonSchema {
    /** The names, for {@link JsonScanner#nextField(JsonName[], int)}. */
    final JsonName[] names;
    private final int[] ids;
    private final JsonSchema[] objects;

    private JsonSchema(JsonName[] names, int[] ids, JsonSchema[] objects) {
        this.names = names;
        this.ids = ids;
        this.objects = objects;
    }

    /** A schema of the given fields, in order. */
    static JsonSchema of(Field... fields) {
        JsonName[] names = new JsonName[fields.length];
        int[] ids = new int[fields.length];
        JsonSchema[] objects = new JsonSchema[fields.length];
        for (int i = 0; i < fields.length; i++) {
            names[i] = new JsonName(fields[i].name);
            ids[i] = fields[i].id;
            objects[i] = fields[i].object;
        }
        return new JsonSchema(names, ids, objects);
    }

    /** A field with a scalar value (or one the decoder reads itself). */
    static Field field(String name, int id) {
        return new Field(name, id, null);
    }

    /** A field whose value is an object of the given known fields. */
    static Field object(String name, int id, JsonSchema fields) {
        return new Field(name, id, fields);
    }

    /** The id of the field at {@code index} of {@link #names}. */
    int id(int index) {
        return ids[index];
    }

    /** The schema of the object the field at {@code index} holds, or null for a scalar field. */
    JsonSchema object(int index) {
        return objects[index];
    }

    record Field(String name, int id, JsonSchema object) {
    }
}
