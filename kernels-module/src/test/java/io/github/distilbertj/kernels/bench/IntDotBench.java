package io.github.distilbertj.kernels.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 15's VNNI probe: can Java code reach an integer dot-product instruction (AVX-512 VNNI vpdpwssd / vpdpbusd,
 * 32 int16 or 64 int8 multiply-adds per instruction) fast enough for an int16/int8 compute path to beat the fp32 FMA
 * (16 multiply-adds per instruction)? Each benchmark does {@link #N} multiply-adds over L1-resident arrays, one
 * thread; the figure to compare is multiply-adds per second = N / time.
 *
 * <ul>
 *   <li>{@code fp32Dot}: the baseline, FloatVector FMA, 4 accumulators.</li>
 *   <li>{@code autoShortDot} / {@code autoByteDot}: plain {@code sum += a[i] * b[i]} into an int, for C2's
 *       auto-vectoriser (a multiply-add reduction).</li>
 *   <li>{@code autoShortPairs}: {@code out[i] = a[2i]*b[2i] + a[2i+1]*b[2i+1]}, the MulAddS2I shape C2 matches to
 *       vpmaddwd, and with VNNI (when followed by an add) to vpdpwssd.</li>
 *   <li>{@code vectorShortDot} / {@code vectorByteDot}: the Vector API has no dot-product operation; widen to int
 *       lanes ({@code convertShape(S2I/B2I)}), {@code mul}, {@code add}.</li>
 *   <li>{@code fp32FmaRegisters} / {@code int32MulAddRegisters}: 16 independent register chains, no loads: the
 *       instruction rates themselves (fma vs vpmulld + vpaddd).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IntDotBench {
    /** Multiply-adds per benchmark call (arrays of N elements: 16 KiB of fp32, L1-resident). */
    public static final int N = 4096;
    /** Register chain steps per call in the *Registers benchmarks (16 chains x lanes multiply-adds per step). */
    public static final int STEPS = 256;
    private static final VectorSpecies<Float> SF = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SS = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> SB = ByteVector.SPECIES_PREFERRED;

    private float[] fa;
    private float[] fb;
    private short[] sa;
    private short[] sb;
    private byte[] ba;
    private byte[] bb;
    private int[] out;

    @Setup
    public void setup() {
        Random rnd = new Random(1);
        fa = new float[N];
        fb = new float[N];
        sa = new short[N];
        sb = new short[N];
        ba = new byte[N];
        bb = new byte[N];
        out = new int[N / 2];
        for (int i = 0; i < N; i++) {
            fa[i] = rnd.nextFloat() - 0.5f;
            fb[i] = rnd.nextFloat() - 0.5f;
            sa[i] = (short) (rnd.nextInt(255) - 127);
            sb[i] = (short) (rnd.nextInt(65535) - 32767);
            ba[i] = (byte) (rnd.nextInt(255) - 127);
            bb[i] = (byte) (rnd.nextInt(255) - 127);
        }
    }

    @Benchmark
    public float fp32Dot() {
        FloatVector c0 = FloatVector.zero(SF), c1 = c0, c2 = c0, c3 = c0;
        int l = SF.length();
        for (int i = 0; i < N; i += 4 * l) {
            c0 = FloatVector.fromArray(SF, fa, i).fma(FloatVector.fromArray(SF, fb, i), c0);
            c1 = FloatVector.fromArray(SF, fa, i + l).fma(FloatVector.fromArray(SF, fb, i + l), c1);
            c2 = FloatVector.fromArray(SF, fa, i + 2 * l).fma(FloatVector.fromArray(SF, fb, i + 2 * l), c2);
            c3 = FloatVector.fromArray(SF, fa, i + 3 * l).fma(FloatVector.fromArray(SF, fb, i + 3 * l), c3);
        }
        return c0.add(c1).add(c2).add(c3).reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public int autoShortDot() {
        int sum = 0;
        for (int i = 0; i < N; i++) {
            sum += sa[i] * sb[i];
        }
        return sum;
    }

    @Benchmark
    public int autoByteDot() {
        int sum = 0;
        for (int i = 0; i < N; i++) {
            sum += ba[i] * bb[i];
        }
        return sum;
    }

    @Benchmark
    public int[] autoShortPairs() {
        for (int i = 0; i < N / 2; i++) {
            out[i] = sa[2 * i] * sb[2 * i] + sa[2 * i + 1] * sb[2 * i + 1];
        }
        return out;
    }

    @Benchmark
    public int[] autoShortPairsAccumulate() {
        for (int i = 0; i < N / 2; i++) {
            out[i] += sa[2 * i] * sb[2 * i] + sa[2 * i + 1] * sb[2 * i + 1];
        }
        return out;
    }

    @Benchmark
    public int vectorShortDot() {
        IntVector c0 = IntVector.zero(SI), c1 = c0;
        int l = SS.length();
        for (int i = 0; i < N; i += l) {
            ShortVector x = ShortVector.fromArray(SS, sa, i);
            ShortVector y = ShortVector.fromArray(SS, sb, i);
            c0 = c0.add(((IntVector) x.convertShape(VectorOperators.S2I, SI, 0))
                    .mul((IntVector) y.convertShape(VectorOperators.S2I, SI, 0)));
            c1 = c1.add(((IntVector) x.convertShape(VectorOperators.S2I, SI, 1))
                    .mul((IntVector) y.convertShape(VectorOperators.S2I, SI, 1)));
        }
        return c0.add(c1).reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public int vectorByteDot() {
        IntVector c0 = IntVector.zero(SI), c1 = c0, c2 = c0, c3 = c0;
        int l = SB.length();
        for (int i = 0; i < N; i += l) {
            ByteVector x = ByteVector.fromArray(SB, ba, i);
            ByteVector y = ByteVector.fromArray(SB, bb, i);
            c0 = c0.add(((IntVector) x.convertShape(VectorOperators.B2I, SI, 0))
                    .mul((IntVector) y.convertShape(VectorOperators.B2I, SI, 0)));
            c1 = c1.add(((IntVector) x.convertShape(VectorOperators.B2I, SI, 1))
                    .mul((IntVector) y.convertShape(VectorOperators.B2I, SI, 1)));
            c2 = c2.add(((IntVector) x.convertShape(VectorOperators.B2I, SI, 2))
                    .mul((IntVector) y.convertShape(VectorOperators.B2I, SI, 2)));
            c3 = c3.add(((IntVector) x.convertShape(VectorOperators.B2I, SI, 3))
                    .mul((IntVector) y.convertShape(VectorOperators.B2I, SI, 3)));
        }
        return c0.add(c1).add(c2).add(c3).reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public float fp32FmaRegisters() {
        FloatVector m = FloatVector.fromArray(SF, fa, 0);
        FloatVector a = FloatVector.fromArray(SF, fb, 0);
        FloatVector c0 = a, c1 = a.add(1f), c2 = a.add(2f), c3 = a.add(3f);
        FloatVector c4 = a.add(4f), c5 = a.add(5f), c6 = a.add(6f), c7 = a.add(7f);
        FloatVector c8 = a.add(8f), c9 = a.add(9f), c10 = a.add(10f), c11 = a.add(11f);
        FloatVector c12 = a.add(12f), c13 = a.add(13f), c14 = a.add(14f), c15 = a.add(15f);
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
            c12 = c12.fma(m, a);
            c13 = c13.fma(m, a);
            c14 = c14.fma(m, a);
            c15 = c15.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15).lane(0);
    }

    @Benchmark
    public int int32MulAddRegisters() {
        IntVector m = IntVector.fromArray(SI, out, 0).add(3);
        IntVector a = IntVector.fromArray(SI, out, 0).add(1);
        IntVector c0 = a, c1 = a.add(1), c2 = a.add(2), c3 = a.add(3);
        IntVector c4 = a.add(4), c5 = a.add(5), c6 = a.add(6), c7 = a.add(7);
        IntVector c8 = a.add(8), c9 = a.add(9), c10 = a.add(10), c11 = a.add(11);
        IntVector c12 = a.add(12), c13 = a.add(13), c14 = a.add(14), c15 = a.add(15);
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.mul(m).add(a);
            c1 = c1.mul(m).add(a);
            c2 = c2.mul(m).add(a);
            c3 = c3.mul(m).add(a);
            c4 = c4.mul(m).add(a);
            c5 = c5.mul(m).add(a);
            c6 = c6.mul(m).add(a);
            c7 = c7.mul(m).add(a);
            c8 = c8.mul(m).add(a);
            c9 = c9.mul(m).add(a);
            c10 = c10.mul(m).add(a);
            c11 = c11.mul(m).add(a);
            c12 = c12.mul(m).add(a);
            c13 = c13.mul(m).add(a);
            c14 = c14.mul(m).add(a);
            c15 = c15.mul(m).add(a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15).lane(0);
    }
}
