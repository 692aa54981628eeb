package io.github.distilbertj.benchmark;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine and software a run measured, as a reader needs it to judge the numbers. */
final class MachineInfo {

    private MachineInfo() {
    }

    static Map<String, Object> collect(JsonNode torchHello) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuField("model name"));
        String flags = cpuField("flags");
        m.put("cpu_simd", flags == null ? null : List.of(flags.split(" ")).stream()
                .filter(f -> f.equals("avx2") || f.equals("fma") || f.startsWith("avx512f") || f.equals("avx512_bf16")
                        || f.equals("avx512_vnni")).toList());
        m.put("logical_cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_total", memTotal());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version());
        m.put("jvm_args", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("vector_lanes_float", FmaPeak.lanes());
        m.put("onnxruntime", jarVersion(ai.onnxruntime.OrtEnvironment.class));
        m.put("djl_tokenizers", jarVersion(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.class));
        m.put("langchain4j_minilm", jarVersion(
                dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel.class));
        m.put("distilbertj_model", jarVersion(io.github.distilbertj.model.Encoder.class));
        m.put("pytorch", torchHello);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OMP_WAIT_POLICY (PyTorch worker)", "PASSIVE");
        env.put("OPENBLAS_CORETYPE (inherited; removed for the PyTorch worker)", System.getenv("OPENBLAS_CORETYPE"));
        env.put("OPENBLAS_L2_SIZE (inherited; removed for the PyTorch worker)", System.getenv("OPENBLAS_L2_SIZE"));
        env.put("DJL_OFFLINE", System.getenv("DJL_OFFLINE"));
        env.put("OPT_OUT_TRACKING", System.getenv("OPT_OUT_TRACKING"));
        m.put("env", env);
        m.put("load_average_start", loadAverage());
        return m;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static String cpuField(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(key) && line.contains(":")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux: the field stays null
        }
        return null;
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return null;
    }

    /** The jar a class was loaded from, e.g. onnxruntime-1.20.0.jar: the version really on the class path. */
    private static String jarVersion(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).getFileName().toString();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
