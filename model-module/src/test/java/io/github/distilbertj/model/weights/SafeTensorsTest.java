package io.github.distilbertj.model.weights;

import io.github.distilbertj.model.Fixtures;
import io.github.distilbertj.model.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private static byte[] halves(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) {
            b.putShort((short) v);
        }
        return b.array();
    }

    @Test
    void readsF32F16Bf16AndI64FromAHandWrittenFile() throws IOException {
        Path file = dir.resolve("t.safetensors");
        new SafeTensorsWriter()
                .add("f32", DType.F32, new float[] {1.5f, -2f, 0.1f, 3.4028235e38f}, 2, 2)
                // IEEE half: 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), -0, +inf
                .addRaw("f16", DType.F16, halves(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00), 6)
                // bfloat16: 1.0, -2.0, 0.1 rounded (0x3DCD = 0.10009765625), 1e38 range, 2^-133 subnormal
                .addRaw("bf16", DType.BF16, halves(0x3F80, 0xC000, 0x3DCD, 0x7E96, 0x0001), 5)
                .addLongs("i64", new long[] {101, 7592, -1, Long.MAX_VALUE}, 1, 4)
                .write(file);
        try (Arena arena = Arena.ofConfined()) {
            SafeTensors st = SafeTensors.open(file, arena);
            assertEquals(java.util.List.of("f32", "f16", "bf16", "i64"), java.util.List.copyOf(st.names()));
            assertArrayEquals(new long[] {2, 2}, st.info("f32").shape());
            assertArrayEquals(new float[] {1.5f, -2f, 0.1f, 3.4028235e38f}, st.floats("f32"));
            assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY}, st.floats("f16"));
            assertArrayEquals(new float[] {1f, -2f, 0.10009765625f, Float.intBitsToFloat(0x7E960000), 0x1p-133f},
                    st.floats("bf16"));
            assertArrayEquals(new long[] {101, 7592, -1, Long.MAX_VALUE}, st.longs("i64"));
        }
    }

    @Test
    void writerRoundingMatchesTheLoadersWidening() throws IOException {
        float[] values = {0.1f, -3.14159f, 1e-5f, 12345.678f, -0.02f};
        Path file = dir.resolve("r.safetensors");
        new SafeTensorsWriter().add("h", DType.F16, values, 5).add("b", DType.BF16, values, 5).write(file);
        try (Arena arena = Arena.ofConfined()) {
            SafeTensors st = SafeTensors.open(file, arena);
            float[] h = st.floats("h");
            float[] b = st.floats("b");
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(values[i])), h[i]);
                assertEquals(values[i], b[i], Math.abs(values[i]) * 0x1p-8f);
            }
        }
    }

    @Test
    void f16AndBf16FixturesAreTheF32WeightsRounded() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SafeTensors f32 = SafeTensors.open(Fixtures.folder("distilbert-tiny-tied").resolve("model.safetensors"), arena);
            SafeTensors f16 = SafeTensors.open(Fixtures.folder("distilbert-tiny-f16").resolve("model.safetensors"), arena);
            SafeTensors bf16 = SafeTensors.open(Fixtures.folder("distilbert-tiny-bf16").resolve("model.safetensors"), arena);
            assertEquals(f32.names(), f16.names());
            for (String name : f32.names()) {
                assertEquals(DType.F16, f16.info(name).dtype());
                assertEquals(DType.BF16, bf16.info(name).dtype());
                float[] exact = f32.floats(name);
                float[] half = f16.floats(name);
                float[] brain = bf16.floats(name);
                for (int i = 0; i < exact.length; i++) {
                    assertEquals(Float.float16ToFloat(Float.floatToFloat16(exact[i])), half[i], name);
                    assertEquals(Float.intBitsToFloat(SafeTensorsWriter.toBf16(exact[i]) << 16), brain[i], name);
                }
            }
        }
    }

    private ModelFormatException parseError(byte[] file) {
        return assertThrows(ModelFormatException.class,
                () -> SafeTensors.parse(java.lang.foreign.MemorySegment.ofArray(file), "bad.safetensors"));
    }

    private byte[] withHeader(String header, int dataBytes) throws IOException {
        Path file = dir.resolve("h.safetensors");
        new SafeTensorsWriter().addRaw("x", DType.F32, new byte[dataBytes]).writeWithHeader(file, header);
        return Files.readAllBytes(file);
    }

    @Test
    void corruptedFilesGetClearErrors() throws IOException {
        assertTrue(parseError(new byte[] {1, 2, 3}).getMessage().contains("too short"));

        byte[] hugeLength = new byte[16];
        ByteBuffer.wrap(hugeLength).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        assertTrue(parseError(hugeLength).getMessage().contains("header length"));

        String notJson = parseError(withHeader("{\"x\": {\"dtype\": \"F32\",", 8)).getMessage();
        assertTrue(notJson.contains("corrupted header") && notJson.contains("JSON"), notJson);

        String outOfBounds = parseError(withHeader(
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8)).getMessage();
        assertTrue(outOfBounds.contains("'x'") && outOfBounds.contains("out of bounds"), outOfBounds);

        String wrongSize = parseError(withHeader(
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)).getMessage();
        assertTrue(wrongSize.contains("needs 12"), wrongSize);

        String unknown = parseError(withHeader(
                "{\"x\":{\"dtype\":\"F99\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8)).getMessage();
        assertTrue(unknown.contains("unknown dtype 'F99'") && unknown.contains("'x'"), unknown);

        String negative = parseError(withHeader(
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8)).getMessage();
        assertTrue(negative.contains("invalid shape"), negative);
    }

    @Test
    void integerTensorsAreNotWeights() throws IOException {
        Path file = dir.resolve("i.safetensors");
        new SafeTensorsWriter().addLongs("ids", new long[] {1, 2}, 2).write(file);
        try (Arena arena = Arena.ofConfined()) {
            SafeTensors st = SafeTensors.open(file, arena);
            String msg = assertThrows(ModelFormatException.class, () -> st.floats("ids")).getMessage();
            assertTrue(msg.contains("I64") && msg.contains("F32, F16 or BF16"), msg);
            assertTrue(assertThrows(ModelFormatException.class, () -> st.floats("nope")).getMessage()
                    .contains("missing tensor 'nope'"));
        }
    }
}
