package io.tagtrail.decode;

/**
 * The fields of one object of a reader format that a decoder gives meaning to: their names (in the order readers
 * write them), an id per field (unique within the format, or shared by names that mean the same), and for a field
 * whose value is itself an object
 * of known fields (or an array of such objects), that object's schema. Fields not named here are skipped.
 * Immutable.
 */
final class JsonSchema {
    /** The names, for {@link JsonScanner#nextField(JsonName[], int)}. */
    final JsonName[] names;
    private final int[] ids;
    private final JsonSchema[] objects;
    private final boolean[] arrays;

    private JsonSchema(JsonName[] names, int[] ids, JsonSchema[] objects, boolean[] arrays) {
        this.names = names;
        this.ids = ids;
        this.objects = objects;
        this.arrays = arrays;
    }

    /** A schema of the given fields, in order. */
    static JsonSchema of(Field... fields) {
        JsonName[] names = new JsonName[fields.length];
        int[] ids = new int[fields.length];
        JsonSchema[] objects = new JsonSchema[fields.length];
        boolean[] arrays = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            names[i] = new JsonName(fields[i].name);
            ids[i] = fields[i].id;
            objects[i] = fields[i].object;
            arrays[i] = fields[i].array;
        }
        return new JsonSchema(names, ids, objects, arrays);
    }

    /** A field with a scalar value (or one the decoder reads itself). */
    static Field field(String name, int id) {
        return new Field(name, id, null, false);
    }

    /** A field whose value is an object of the given known fields. */
    static Field object(String name, int id, JsonSchema fields) {
        return new Field(name, id, fields, false);
    }

    /** A field whose value is an array of objects of the given known fields (other elements are skipped). */
    static Field objects(String name, int id, JsonSchema fields) {
        return new Field(name, id, fields, true);
    }

    /** The id of the field at {@code index} of {@link #names}. */
    int id(int index) {
        return ids[index];
    }

    /** The schema of the object the field at {@code index} holds, or null for a scalar field. */
    JsonSchema object(int index) {
        return objects[index];
    }

    /** Whether the field at {@code index} holds an array of objects of {@link #object(int)}'s schema. */
    boolean array(int index) {
        return arrays[index];
    }

    record Field(String name, int id, JsonSchema object, boolean array) {
    }
}
