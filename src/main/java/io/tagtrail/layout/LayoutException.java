package io.tagtrail.layout;

/** A layout file that cannot be used, with every problem found in it. */
public final class LayoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }

    public LayoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
