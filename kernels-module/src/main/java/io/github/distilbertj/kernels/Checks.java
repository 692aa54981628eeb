package io.github.distilbertj.kernels;

/** Argument validation shared by the kernels; every message names the offending argument. */
final class Checks {
    private Checks() {
    }

    static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    static void notNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }

    static void leadingDim(String name, int ld, int width) {
        if (ld < width) {
            throw new IllegalArgumentException(name + " (" + ld + ") must be >= the row width " + width);
        }
    }

    /** A matrix of {@code rows} rows of {@code cols} floats, row stride {@code ld}, starting at {@code off}. */
    static void matrix(String name, float[] array, int off, int ld, int rows, int cols) {
        notNull(name, array);
        nonNegative(name + " offset", off);
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (rows > 0 && cols > 0 && last > array.length) {
            throw new IllegalArgumentException(name + " is too short: needs " + last + " floats for " + rows + "x"
                    + cols + " at offset " + off + " with row stride " + ld + ", has " + array.length);
        }
    }

    static void vector(String name, float[] array, int off, int len) {
        notNull(name, array);
        nonNegative(name + " offset", off);
        if ((long) off + len > array.length) {
            throw new IllegalArgumentException(name + " is too short: needs " + ((long) off + len)
                    + " floats, has " + array.length);
        }
    }

    static void pool(KernelPool pool) {
        notNull("pool", pool);
        pool.ensureOpen();
    }
}
