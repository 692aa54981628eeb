package io.github.distilbertj.model.bench;

import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.LoadOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Resident heap of the built-in all-MiniLM-L6-v2 per weight format: heap in use after a full GC with the encoder
 * loaded, minus the heap in use before (the encoder's weights, embeddings, workspace and tokenizer; only the Linear
 * weights change with the format). Usage: {@code WeightMemoryProbe f32|bf16|int8} (one format per JVM).
 */
public final class WeightMemoryProbe {
    private WeightMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        WeightFormat format = LoadOptions.parseWeights(args[0]);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = used(mem);
        try (Encoder e = Encoder.builtin(new LoadOptions(2, format))) {
            e.embed("warm the workspace up once");
            long after = used(mem);
            System.out.printf("%s: heap retained by the loaded encoder %.1f MB%n", format, (after - before) / 1e6);
        }
    }

    private static long used(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
