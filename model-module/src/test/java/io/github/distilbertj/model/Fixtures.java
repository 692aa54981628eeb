package io.github.distilbertj.model;

import io.github.distilbertj.model.weights.SafeTensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** The PyTorch reference fixtures under src/test/resources/fixtures. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path folder(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("fixture folder " + name + " is missing from the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** reference.safetensors of a fixture, read fully into the heap. */
    record Reference(SafeTensors file) {
        static Reference of(String name) throws IOException {
            Path file = folder(name).resolve("reference.safetensors");
            return new Reference(SafeTensors.parse(MemorySegment.ofArray(Files.readAllBytes(file)), file.toString()));
        }

        boolean has(String tensor) {
            return file.info(tensor) != null;
        }

        long[] shape(String tensor) {
            return file.info(tensor).shape();
        }

        float[] floats(String tensor) throws IOException {
            return file.floats(tensor);
        }

        /** An I64 [rows, cols] tensor as int rows. */
        int[][] ints(String tensor) throws IOException {
            long[] shape = shape(tensor);
            long[] flat = file.longs(tensor);
            int rows = (int) shape[0];
            int cols = (int) shape[1];
            int[][] out = new int[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[i][j] = Math.toIntExact(flat[i * cols + j]);
                }
            }
            return out;
        }
    }
}
