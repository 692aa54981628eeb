package io.github.distilbertj.kernels.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A/B of two builds of the kernels in one JVM: each checkout's {@code kernels-module/target/classes} gets its own
 * class loader, and blocks of calls alternate between them with short pauses, so both see the same machine state
 * (on a shared VM two JVMs run minutes apart differ by more than most changes). Prints the median of the block
 * medians and the largest difference between the two builds' outputs.
 *
 * <pre>
 * BuildAbProbe gemm      OLD,NEW M N K threads [NONE|BIAS|BIAS_GELU|BIAS_RELU|BIAS_RESIDUAL]
 * BuildAbProbe attention OLD,NEW len1,len2,... heads headDim threads
 * BuildAbProbe embed     OLD,NEW threads b1|b8|b32      (-Dab.classpath=FILE: the model module's dependency
 *                        class path, from mvn dependency:build-classpath; each build's own kernels, tokenizer and
 *                        model classes replace the distilbertj entries)
 * </pre>
 * {@code -Dblocks=N} (default 20). Run under the benchmark lock. Not a unit test; numbers go to the README.
 */
public final class BuildAbProbe {
    private BuildAbProbe() {
    }

    /** One build's entry point, called once per timed call. */
    private interface Call {
        Object run() throws Throwable;
    }

    public static void main(String[] args) throws Throwable {
        String what = args[0];
        String[] builds = args[1].split(",");
        int blocks = Integer.getInteger("blocks", 20);
        List<Call> calls = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        double work;
        String label;
        switch (what) {
            case "gemm" -> {
                int m = Integer.parseInt(args[2]);
                int n = Integer.parseInt(args[3]);
                int k = Integer.parseInt(args[4]);
                int threads = Integer.parseInt(args[5]);
                String ep = args.length > 6 ? args[6] : "NONE";
                Random rnd = new Random(1);
                float[] w = random(rnd, n * k);
                float[] a = random(rnd, m * k);
                float[] bias = random(rnd, n);
                float[] res = random(rnd, m * n);
                for (String b : builds) {
                    ClassLoader cl = kernelsLoader(b, List.of());
                    Class<?> poolC = cl.loadClass("io.github.distilbertj.kernels.KernelPool");
                    Class<?> pwC = cl.loadClass("io.github.distilbertj.kernels.PackedWeights");
                    Class<?> epC = cl.loadClass("io.github.distilbertj.kernels.Epilogue");
                    Object pool = poolC.getConstructor(int.class).newInstance(threads);
                    open.add((AutoCloseable) pool);
                    Object pw = pwC.getMethod("fromRowMajorNK", float[].class, int.class, int.class, int.class)
                            .invoke(null, w, 0, n, k);
                    Object epV = epC.getMethod("valueOf", String.class).invoke(null, ep);
                    MethodHandle linear = MethodHandles.publicLookup().findStatic(
                            cl.loadClass("io.github.distilbertj.kernels.Sgemm"), "linear",
                            MethodType.methodType(void.class, poolC, float[].class, int.class, int.class, int.class,
                                    pwC, float[].class, epC, float[].class, int.class, int.class, float[].class,
                                    int.class, int.class));
                    float[] c = new float[m * n];
                    calls.add(() -> {
                        linear.invoke(pool, a, 0, k, m, pw, bias, epV, res, 0, n, c, 0, n);
                        return c;
                    });
                }
                work = 2.0 * m * n * k;
                label = m + "x" + n + "x" + k + " " + ep + " threads=" + threads;
            }
            case "attention" -> {
                int[] lens = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
                int heads = Integer.parseInt(args[3]);
                int d = Integer.parseInt(args[4]);
                int threads = Integer.parseInt(args[5]);
                int[] starts = new int[lens.length + 1];
                double flops = 0;
                for (int i = 0; i < lens.length; i++) {
                    starts[i + 1] = starts[i] + lens[i];
                    flops += 4.0 * heads * (double) lens[i] * lens[i] * d;
                }
                int tokens = starts[lens.length];
                int hidden = heads * d;
                float[] qkv = random(new Random(2), tokens * 3 * hidden);
                int[] mask = new int[tokens];
                Arrays.fill(mask, 1);
                for (String b : builds) {
                    ClassLoader cl = kernelsLoader(b, List.of());
                    Class<?> poolC = cl.loadClass("io.github.distilbertj.kernels.KernelPool");
                    Object pool = poolC.getConstructor(int.class).newInstance(threads);
                    open.add((AutoCloseable) pool);
                    MethodHandle varlen = MethodHandles.publicLookup().findStatic(
                            cl.loadClass("io.github.distilbertj.kernels.Attention"), "computeVarlen",
                            MethodType.methodType(void.class, poolC, float[].class, int.class, float[].class,
                                    int.class, float[].class, int.class, int.class, int[].class, int.class, int.class,
                                    int.class, float.class, int[].class, float[].class, int.class, int.class));
                    float[] out = new float[tokens * hidden];
                    float scale = (float) (1 / Math.sqrt(d));
                    calls.add(() -> {
                        varlen.invoke(pool, qkv, 0, qkv, hidden, qkv, 2 * hidden, 3 * hidden, starts, lens.length,
                                heads, d, scale, mask, out, 0, hidden);
                        return out;
                    });
                }
                work = flops;
                label = "attention " + lens.length + " sequences, " + tokens + " tokens, " + heads + "x" + d
                        + " threads=" + threads;
            }
            case "embed" -> {
                int threads = Integer.parseInt(args[2]);
                String mode = args[3];
                List<String> texts = texts(mode);
                String cpFile = System.getProperty("ab.classpath");
                if (cpFile == null) {
                    throw new IllegalArgumentException("embed needs -Dab.classpath=FILE (the model module's class path)");
                }
                List<Path> rest = new ArrayList<>();
                for (String e : Files.readString(Path.of(cpFile)).trim().split(":")) {
                    if (!e.contains("distilbertj-")) {
                        rest.add(Path.of(e));
                    }
                }
                for (String b : builds) {
                    ClassLoader cl = kernelsLoader(b, rest);
                    Class<?> enc = cl.loadClass("io.github.distilbertj.model.Encoder");
                    Object encoder = enc.getMethod("builtin", int.class).invoke(null, threads);
                    open.add((AutoCloseable) encoder);
                    Method embed = enc.getMethod("embed", List.class);
                    calls.add(() -> embed.invoke(encoder, texts));
                }
                work = 0;
                label = "embed " + mode + " (" + texts.size() + " texts) threads=" + threads;
            }
            default -> throw new IllegalArgumentException("gemm | attention | embed, got " + what);
        }
        // Warm-up (C2 compiles each build's kernels), then calls per block: about 0.2 s of work, at least 5.
        double oneCall = Double.MAX_VALUE;
        for (Call call : calls) {
            long end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) {
                long s = System.nanoTime();
                call.run();
                oneCall = Math.min(oneCall, (System.nanoTime() - s) / 1e9);
            }
        }
        int reps = (int) Math.max(5, Math.min(2000, 0.2 / Math.max(oneCall, 1e-6)));
        List<List<Double>> medians = new ArrayList<>();
        List<Object> outs = new ArrayList<>();
        for (int i = 0; i < builds.length; i++) {
            medians.add(new ArrayList<>());
        }
        int warm = 4;
        for (int blk = 0; blk < blocks + warm; blk++) {
            for (int i = 0; i < builds.length; i++) {
                long[] t = new long[reps];
                Object out = null;
                for (int r = 0; r < reps; r++) {
                    long s = System.nanoTime();
                    out = calls.get(i).run();
                    t[r] = System.nanoTime() - s;
                }
                Arrays.sort(t);
                if (blk >= warm) {
                    medians.get(i).add(t[reps / 2] / 1e6);
                }
                if (blk == blocks + warm - 1) {
                    outs.add(copy(out));
                }
                Thread.sleep(25);
            }
        }
        for (int i = 0; i < builds.length; i++) {
            List<Double> v = medians.get(i);
            Collections.sort(v);
            double med = v.get(v.size() / 2);
            System.out.printf("%s %s: median %.3f ms (q1 %.3f, q3 %.3f, %d blocks of %d)%s%n", builds[i], label, med,
                    v.get(v.size() / 4), v.get(v.size() * 3 / 4), v.size(), reps,
                    work > 0 ? String.format(" = %.1f GFLOP/s", work / med / 1e6) : "");
        }
        System.out.printf("largest |difference| between %s and %s: %.3g%n", builds[0], builds[builds.length - 1],
                maxDiff(outs.get(0), outs.get(outs.size() - 1)));
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** The checkout's kernels classes, and with rest (the embed case) its tokenizer and model classes too. */
    private static ClassLoader kernelsLoader(String checkout, List<Path> rest) throws Exception {
        List<URL> urls = new ArrayList<>();
        List<String> modules = rest.isEmpty() ? List.of("kernels-module")
                : List.of("kernels-module", "tokenizer-module", "model-module");
        for (String module : modules) {
            Path classes = Path.of(checkout, module, "target", "classes");
            if (!Files.isDirectory(classes)) {
                throw new IllegalArgumentException(classes + " does not exist: build that checkout first");
            }
            urls.add(classes.toUri().toURL());
        }
        for (Path p : rest) {
            urls.add(p.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** The EmbedTime texts: b1 one 20-word sentence, b8 eight of 40-54 words, b32 32 of 5-124 words. */
    private static List<String> texts(String mode) {
        String[] words = ("The quick brown fox jumps over the lazy dog while the committee debates the annual budget, "
                + "and engineers measure how long a transformer takes to encode a paragraph of ordinary English text "
                + "on a small virtual machine").split(" ");
        int count = switch (mode) {
            case "b1" -> 1;
            case "b8" -> 8;
            case "b32" -> 32;
            default -> throw new IllegalArgumentException("b1 | b8 | b32, got " + mode);
        };
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = count == 1 ? 20 : count == 32 ? 5 + (i * 37) % 120 : 40 + (i * 7) % 15;
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < n; w++) {
                sb.append(words[(w + i * 3) % words.length]).append(' ');
            }
            texts.add(sb.toString().trim());
        }
        return texts;
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        return x;
    }

    private static Object copy(Object out) {
        if (out instanceof float[] f) {
            return f.clone();
        }
        float[][] rows = (float[][]) out;
        float[][] c = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i].clone();
        }
        return c;
    }

    private static double maxDiff(Object x, Object y) {
        float[][] a = x instanceof float[] f ? new float[][] {f} : (float[][]) x;
        float[][] b = y instanceof float[] f ? new float[][] {f} : (float[][]) y;
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return d;
    }
}
