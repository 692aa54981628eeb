package io.github.distilbertj.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ONNX's DynamicQuantizeLinear as ONNX Runtime computes it, applied to a Linear's input and turned straight back
 * into fp32 ("fake quantization"): per sequence, the range [min(0, min x), max(0, max x)] is cut into 255 steps
 * ({@code scale = (max - min) / 255}, zero point {@code rint(clamp(-min / scale, 0, 255))}), each value becomes
 * {@code q = rint(clamp(x / scale, -zp, 255 - zp)) + zp} (round half to even, MLAS's order of operations) and is
 * written back as {@code (q - zp) * scale}. A GEMM over these values and the int8 weights then computes what
 * MatMulInteger's int32 accumulation computes, up to fp32 rounding of the sum.
 *
 * <p>Per sequence rather than per call: ONNX Runtime quantizes the whole input tensor, which for one sequence is
 * that sequence; doing the same per sequence keeps a text's embedding independent of the batch it is in.
 */
public final class DynamicQuantization {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude < 2^22 to the nearest even integer. */
    private static final float ROUND = 12582912f;

    private DynamicQuantization() {
    }

    /**
     * Quantizes rows {@code [starts[b], starts[b+1])} of {@code src} ([rows, width]) for every sequence b and
     * writes the dequantized values to {@code dst} (may be {@code src}).
     */
    public static void apply(float[] src, float[] dst, int width, int[] starts, int sequences) {
        for (int b = 0; b < sequences; b++) {
            apply(src, dst, starts[b] * width, (starts[b + 1] - starts[b]) * width);
        }
    }

    /** One tensor: {@code src[from, from + n)} into {@code dst} at the same offsets. */
    static void apply(float[] src, float[] dst, int from, int n) {
        int end = from + n;
        int vend = from + S.loopBound(n);
        FloatVector vmin = FloatVector.zero(S);
        FloatVector vmax = FloatVector.zero(S);
        int i = from;
        for (; i < vend; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, src, i);
            vmin = vmin.min(v);
            vmax = vmax.max(v);
        }
        float min = vmin.reduceLanes(VectorOperators.MIN);
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < end; i++) {
            min = Math.min(min, src[i]);
            max = Math.max(max, src[i]);
        }
        // min <= 0 <= max: the range always holds zero, so zero is exactly representable.
        float scale = max == min ? 1f : (max - min) / 255f;
        float zero = (float) Math.rint(Math.max(0f, Math.min(255f, 0f - min / scale)));
        float lo = -zero;
        float hi = 255f - zero;
        FloatVector vs = FloatVector.broadcast(S, scale);
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        FloatVector vr = FloatVector.broadcast(S, ROUND);
        for (i = from; i < vend; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, src, i).div(vs).max(vlo).min(vhi);
            v.add(vr).sub(vr).mul(vs).intoArray(dst, i);
        }
        for (; i < end; i++) {
            float v = Math.min(hi, Math.max(lo, src[i] / scale));
            dst[i] = ((v + ROUND) - ROUND) * scale;
        }
    }
}
