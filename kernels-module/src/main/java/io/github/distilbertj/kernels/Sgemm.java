package io.github.distilbertj.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A W^T with a fused epilogue, for the linear layers of a transformer encoder.
 *
 * <p>Blocking (GotoBLAS order): the reduction is cut into blocks of KC; for each k-block, a task
 * packs MC rows of A into MR-row panels (zero-padded, in a per-thread buffer, ~L2-resident), then
 * for each NR-column weight panel (kc x NR floats, ~L1-resident) sweeps the MR-row A panels through the
 * micro-kernel. Tiles that stick out of C on the right or bottom are computed into a small scratch tile and
 * copied back, so the kernel itself has no tails. The bias is the accumulators' starting value; the rest of the
 * epilogue (activation, residual) runs on each tile right after its last k-block, while the tile is still in L1,
 * so every output element is written to memory once.
 *
 * <p>Work is split into tasks over M (when there are enough rows) and over weight panels (when there are
 * not), a few per thread so the dynamic scheduler can balance them; the caller runs tasks too. KC, MC and the
 * splitting thresholds are the pool's {@link KernelTuning}.
 */
public final class Sgemm {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();
    static final int MR = GemmKernel.MR;
    static final int NR = GemmKernel.NR;
    // Blocking and splitting parameters come from the pool's KernelTuning (measured per machine by KernelTuner;
    // README, tuning log): KC reduction block, MC rows packed at once, tasks per thread, the rows-per-task
    // threshold between an M and an N split, and the L2 budget of packed A in the few-rows order.
    /** Slack after every scratch buffer, for the reason of PackedWeights.SPECULATION_PAD_STEPS. */
    private static final int BUFFER_PAD = PackedWeights.SPECULATION_PAD_STEPS * GemmKernel.NR;
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SHARED_A = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    /** The bias of a tile narrower than NR, zero-padded, as the accumulators' starting row. */
    private static final ThreadLocal<float[]> EDGE_BIAS = ThreadLocal.withInitial(() -> new float[NR]);
    /**
     * How a tile reads a BF16/INT8 panel's k-block: widened to fp32 by an earlier row tile of the same run (WIDENED),
     * widened by this tile, the first of several (WIDEN, done as THROUGH where it can), or converted in registers
     * and used directly (FUSED).
     */
    private static final int WIDENED = 0;
    private static final int WIDEN = 1;
    private static final int FUSED = 2;
    /** WIDEN done by the first row tile's own kernel, which widens in registers and stores the fp32 steps as it goes. */
    private static final int THROUGH = 3;
    /**
     * Row runs up to this many rows read BF16 / INT8 k-blocks with the in-register kernels (FUSED); longer runs widen
     * once per k-block. BF16 widens with a shift or an AND, which run beside the FMAs: fused is as fast as fp32 at
     * every M measured, so it is always used. INT8 needs a convert and a multiply per vector, which compete with the
     * FMAs: fused only for a lone row tile. README, *Weight formats*; -Ddistilbertj.gemm.bf16-fused-rows /
     * int8-fused-rows for the A/B.
     */
    private static final int BF16_FUSED_ROWS = Integer.getInteger("distilbertj.gemm.bf16-fused-rows", Integer.MAX_VALUE);
    private static final int INT8_FUSED_ROWS = Integer.getInteger("distilbertj.gemm.int8-fused-rows", MR);
    /**
     * -Ddistilbertj.gemm.through=false widens a k-block in a separate pass before the first row tile (the A/B of the
     * README's weight-format table); by default the first row tile widens while it computes.
     */
    private static final boolean WIDEN_THROUGH = Boolean.parseBoolean(System.getProperty("distilbertj.gemm.through", "true"));
    /** One k-block of a BF16/INT8 weight panel widened to fp32, reused by the row tiles that follow. */
    private static final ThreadLocal<float[]> WIDE_PANEL = ThreadLocal.withInitial(() -> new float[0]);

    private Sgemm() {
    }

    /**
     * C[i][j] = sum_p A[i][p] * W[j][p]  (+ bias[j])  (then exact erf-GELU or ReLU)  (+ R[i][j]).
     * A: a[aOff + i*lda + p], C: c[cOff + i*ldc + j], R: residual[rOff + i*ldr + j].
     * bias/residual may be null when the epilogue does not use them. m >= 1. Runs on the pool
     * (split over M and N tiles). C must not overlap A; C may equal R (in-place residual add).
     */
    public static void linear(KernelPool pool, float[] a, int aOff, int lda, int m,
                              PackedWeights w, float[] bias, Epilogue epilogue,
                              float[] residual, int rOff, int ldr,
                              float[] c, int cOff, int ldc) {
        Checks.pool(pool);
        Checks.notNull("w", w);
        Checks.notNull("epilogue", epilogue);
        Checks.positive("m", m);
        int n = w.n();
        int k = w.k();
        Checks.leadingDim("lda", lda, k);
        Checks.matrix("a", a, aOff, lda, m, k);
        Checks.leadingDim("ldc", ldc, n);
        Checks.matrix("c", c, cOff, ldc, m, n);
        if (epilogue.usesBias()) {
            Checks.vector("bias", bias, 0, n);
        }
        boolean residualInPlace = false;
        if (epilogue.usesResidual()) {
            Checks.leadingDim("ldr", ldr, n);
            Checks.matrix("residual", residual, rOff, ldr, m, n);
            if (residual == c) {
                if (rOff != cOff || ldr != ldc) {
                    throw new IllegalArgumentException("residual is the same array as c but at another offset or "
                            + "stride (rOff " + rOff + " vs cOff " + cOff + ", ldr " + ldr + " vs ldc " + ldc
                            + "); only an exact in-place residual is supported");
                }
                residualInPlace = true;
            }
        }
        // In place, R already sits in C: accumulate onto it from the first k-block and add only the bias.
        // Otherwise the bias is where the accumulators start (first k-block), and the epilogue does the rest.
        boolean accumulateFirst = residualInPlace;
        Post post = Post.of(epilogue, residualInPlace);
        float[] biasInit = epilogue.usesBias() && !residualInPlace ? bias : null;

        KernelTuning tuning = pool.tuning();
        int kcBlock = tuning.kc();
        int mcBlock = tuning.mc();
        long aBudget = tuning.aL2Bytes();
        int np = w.panelCount();
        int mPanels = (m + MR - 1) / MR;
        int target = pool.threads() == 1 ? 1 : pool.threads() * tuning.tasksPerThread();
        int mt = Math.max(1, Math.min(target, mPanels / (tuning.minRowsPerTask() / MR)));
        int mTile = ((mPanels + mt - 1) / mt) * MR;
        mt = (m + mTile - 1) / mTile;
        int nt = Math.max(1, Math.min(np, (target + mt - 1) / mt));
        int pTile = (np + nt - 1) / nt;
        nt = (np + pTile - 1) / pTile;
        int nTasksN = nt;
        int mTasks = mt;
        if (nt == 1) {
            // Each task owns its rows outright: it packs its own A blocks, nothing is packed twice.
            pool.parallelFor(mt, mi -> {
                int m0 = mi * mTile;
                block(a, aOff, lda, m0, Math.min(m, m0 + mTile), w, 0, np, null, 0, kcBlock, mcBlock, aBudget,
                        biasInit, post, bias, residual, rOff, ldr, c, cOff, ldc, accumulateFirst);
            });
            return;
        }
        // Several tasks share rows of A: pack all of A once (in parallel), then compute from the shared copy.
        int mPad = mPanels * MR;
        float[] packed = sharedPackBuffer(mPad * k);
        int kBlocks = (k + kcBlock - 1) / kcBlock;
        pool.parallelFor(kBlocks * mPanels, t -> {
            int kb = t / mPanels;
            int q = t % mPanels;
            int pc = kb * kcBlock;
            int kc = Math.min(kcBlock, k - pc);
            packA(a, aOff + q * MR * lda + pc, lda, Math.min(MR, m - q * MR), kc, packed, mPad * pc + q * MR * kc);
        });
        pool.parallelFor(mTasks * nTasksN, t -> {
            int mi = t / nTasksN;
            int ni = t % nTasksN;
            int m0 = mi * mTile;
            int p0 = ni * pTile;
            block(a, aOff, lda, m0, Math.min(m, m0 + mTile), w, p0, Math.min(np, p0 + pTile), packed, mPad,
                    kcBlock, mcBlock, aBudget, biasInit, post, bias, residual, rOff, ldr, c, cOff, ldc, accumulateFirst);
        });
    }

    /** Reduction length (a multiple of kcBlock, at least kcBlock) whose packed A rows fit the L2 budget. */
    private static int kChunk(int rows, int kcBlock, long aBudget) {
        int blocks = (int) (aBudget / ((long) Float.BYTES * Math.max(rows, MR) * kcBlock));
        return Math.max(1, blocks) * kcBlock;
    }

    /** This thread's buffer for a widened BF16/INT8 k-block of one panel (at least size floats). */
    private static float[] widePanel(int size) {
        float[] buf = WIDE_PANEL.get();
        if (buf.length < size) {
            buf = new float[size + BUFFER_PAD];
            WIDE_PANEL.set(buf);
        }
        return buf;
    }

    /** The calling thread's buffer for a shared packed A; workers only read it while the call runs. */
    private static float[] sharedPackBuffer(int size) {
        return grown(SHARED_A, size);
    }

    private static float[] grown(ThreadLocal<float[]> local, int size) {
        float[] buf = local.get();
        if (buf.length < size) {
            buf = new float[size + BUFFER_PAD];
            local.set(buf);
        }
        return buf;
    }

    /**
     * Computes rows [m0, m1) x weight panels [jp0, jp1) of C over the whole reduction. With {@code shared}
     * null, A is packed here block by block; otherwise shared holds all of A packed (k-block pc at
     * mPad*pc, row panel of row i at + i*kc).
     */
    private static void block(float[] a, int aOff, int lda, int m0, int m1, PackedWeights w, int jp0, int jp1,
                              float[] shared, int mPad, int kcBlock, int mcBlock, long aBudget,
                              float[] biasInit, Post post, float[] bias, float[] residual, int rOff, int ldr,
                              float[] c, int cOff, int ldc, boolean accumulateFirst) {
        float[] edge = EDGE_TILE.get();
        float[] edgeBias = EDGE_BIAS.get();
        float[] wide = w.format() == WeightFormat.F32 ? null : widePanel(kcBlock * NR);
        int n = w.n();
        int k = w.k();
        if (shared != null) {
            // Few rows (A is packed once and shared): walk each weight panel's reduction before the next panel.
            // Panels are contiguous in memory, so a task reads its weights as one sequential stream, which the
            // hardware prefetchers follow; with the k-block loop outside, every block started a new stream
            // 4*k*NR bytes from the last one, and at batch 1 the forward pass waited on memory. The reduction is
            // still cut into chunks whose rows of A stay in L2 while the panels stream past them.
            int kChunk = kChunk(m1 - m0, kcBlock, aBudget);
            for (int pk = 0; pk < k; pk += kChunk) {
                int pkEnd = Math.min(k, pk + kChunk);
                for (int jp = jp0; jp < jp1; jp++) {
                    int j0 = jp * NR;
                    int cols = Math.min(NR, n - j0);
                    for (int pc = pk; pc < pkEnd; pc += kcBlock) {
                        int kc = Math.min(kcBlock, k - pc);
                        int bOff = jp * k * NR + pc * NR;
                        for (int i = m0; i < m1; i += MR) {
                            tile(kc, shared, mPad * pc + i * kc, w, bOff, panelUse(w, i - m0, m1 - m0), wide, pc > 0 || accumulateFirst, pc + kc == k,
                                    c, cOff + i * ldc + j0, ldc, Math.min(MR, m1 - i), cols, edge, edgeBias,
                                    biasInit, post, bias, j0, residual, rOff + i * ldr + j0, ldr);
                        }
                    }
                }
            }
            return;
        }
        float[] packedA = grown(PACKED_A, mcBlock * kcBlock);
        for (int pc = 0; pc < k; pc += kcBlock) {
            int kc = Math.min(kcBlock, k - pc);
            for (int i0 = m0; i0 < m1; i0 += mcBlock) {
                int mc = Math.min(mcBlock, m1 - i0);
                packA(a, aOff + i0 * lda + pc, lda, mc, kc, packedA, 0);
                for (int jp = jp0; jp < jp1; jp++) {
                    int j0 = jp * NR;
                    int cols = Math.min(NR, n - j0);
                    int bOff = jp * k * NR + pc * NR;
                    for (int ir = 0; ir < mc; ir += MR) {
                        int i = i0 + ir;
                        tile(kc, packedA, ir * kc, w, bOff, panelUse(w, ir, mc), wide, pc > 0 || accumulateFirst, pc + kc == k,
                                c, cOff + i * ldc + j0, ldc, Math.min(MR, mc - ir), cols, edge, edgeBias,
                                biasInit, post, bias, j0, residual, rOff + i * ldr + j0, ldr);
                    }
                }
            }
        }
    }

    /**
     * One MR x NR tile of C for one k-block: the micro-kernel (through the edge tile when the tile sticks out
     * of C), then, after the last k-block, the epilogue while the tile is in L1. On the first k-block the
     * accumulators start from biasInit (the bias row, read with row stride 0) when it is not null, so the bias
     * costs no pass of its own.
     */
    private static void tile(int kc, float[] packedA, int ao, PackedWeights w, int bOff, int panelUse,
                             float[] wide, boolean accumulate,
                             boolean lastK, float[] c, int ci, int ldc, int rows, int cols, float[] edge,
                             float[] edgeBias, float[] biasInit, Post post, float[] bias, int j0,
                             float[] residual, int ri, int ldr) {
        if (wide == null) {
            panelUse = WIDENED;
        } else if (panelUse == FUSED && w.format() == WeightFormat.BF16 && blockStep(w, bOff) % 2 != 0) {
            panelUse = WIDEN;
            widen(w, bOff, kc, wide);
        } else if (panelUse == WIDEN) {
            if (WIDEN_THROUGH && (w.format() == WeightFormat.INT8 || blockStep(w, bOff) % 2 == 0)) {
                panelUse = THROUGH;
            } else {
                widen(w, bOff, kc, wide);
            }
        }
        float[] b = wide == null ? w.panels() : wide;
        int bo = wide == null ? bOff : 0;
        float[] init = GemmKernel.ZERO_TILE;
        int initOff = 0;
        int initLd = NR;
        if (biasInit != null && !accumulate) {
            if (cols == NR) {
                init = biasInit;
                initOff = j0;
            } else {
                // The last panel of an N that is not a multiple of NR: the bias row ends inside the tile.
                System.arraycopy(biasInit, j0, edgeBias, 0, cols);
                Arrays.fill(edgeBias, cols, NR, 0f);
                init = edgeBias;
            }
            initLd = 0;
        }
        if (rows == MR && cols == NR) {
            if (accumulate) {
                micro(panelUse, w, bOff, b, bo, kc, packedA, ao, c, ci, ldc, c, ci, ldc);
            } else {
                micro(panelUse, w, bOff, b, bo, kc, packedA, ao, init, initOff, initLd, c, ci, ldc);
            }
        } else {
            edgeTile(panelUse, w, bOff, kc, packedA, ao, b, bo, c, ci, ldc, rows, cols, accumulate,
                    init, initOff, initLd, edge);
        }
        if (lastK && post != Post.NONE) {
            postTile(post, c, ci, ldc, rows, cols, bias, j0, residual, ri, ldr);
        }
    }

    private static void edgeTile(int panelUse, PackedWeights w, int wOff, int kc, float[] packedA, int aOff,
                                 float[] panels, int bOff,
                                 float[] c, int ci, int ldc, int rows, int cols, boolean accumulate,
                                 float[] init, int initOff, int initLd, float[] tile) {
        if (accumulate) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, ci + r * ldc, tile, r * NR, cols);
            }
            micro(panelUse, w, wOff, panels, bOff, kc, packedA, aOff, tile, 0, NR, tile, 0, NR);
        } else {
            micro(panelUse, w, wOff, panels, bOff, kc, packedA, aOff, init, initOff, initLd, tile, 0, NR);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, ci + r * ldc, cols);
        }
    }

    /** FUSED for runs of rows the format's in-register kernel serves; else WIDEN for the first tile, WIDENED after. */
    private static int panelUse(PackedWeights w, int rowInRun, int rowsInRun) {
        if (rowsInRun <= (w.format() == WeightFormat.BF16 ? BF16_FUSED_ROWS : INT8_FUSED_ROWS)) {
            return FUSED;
        }
        return rowInRun > 0 ? WIDENED : WIDEN;
    }

    /**
     * The micro-kernel: fp32 on b[bo...] (w's own F32 panels or a widened k-block); for THROUGH the format's kernel
     * that also fills b (the widened buffer) from w's panel at the fp32 offset wOff (= jp*k*NR + pc*NR); for FUSED
     * the format's in-register kernel on w's panel.
     */
    private static void micro(int panelUse, PackedWeights w, int wOff, float[] b, int bo, int kc, float[] packedA,
                              int ao, float[] init, int initOff, int initLd, float[] c, int ci, int ldc) {
        if (panelUse == WIDENED || panelUse == WIDEN) {
            GemmKernel.kernel(kc, packedA, ao, b, bo, init, initOff, initLd, c, ci, ldc);
        } else if (panelUse == THROUGH) {
            int panel = w.k() * NR;
            int jp = wOff / panel;
            if (w.format() == WeightFormat.BF16) {
                Bf16GemmKernel.kernelThrough(kc, packedA, ao, w.bf16Pairs(),
                        jp * ((w.k() + 1) / 2) * NR + blockStep(w, wOff) / 2 * NR, b, init, initOff, initLd, c, ci, ldc);
            } else {
                Int8GemmKernel.kernelThrough(kc, packedA, ao, w.int8Panels(), wOff, w.int8Scales(), jp * NR, b,
                        init, initOff, initLd, c, ci, ldc);
            }
        } else if (w.format() == WeightFormat.BF16) {
            int panel = w.k() * NR;
            int jp = wOff / panel;
            Bf16GemmKernel.kernelFused(kc, packedA, ao, w.bf16Pairs(),
                    jp * ((w.k() + 1) / 2) * NR + blockStep(w, wOff) / 2 * NR, init, initOff, initLd, c, ci, ldc);
        } else {
            Int8GemmKernel.kernelFused(kc, packedA, ao, w.int8Panels(), wOff, w.int8Scales(), wOff / (w.k() * NR) * NR,
                    init, initOff, initLd, c, ci, ldc);
        }
    }

    /** The reduction step pc at which the k-block at fp32 panel offset bOff (= jp*k*NR + pc*NR) starts. */
    private static int blockStep(PackedWeights w, int bOff) {
        return bOff % (w.k() * NR) / NR;
    }

    /**
     * Widens k-block [pc, pc + kc) of w's panel at fp32 offset bOff (= jp*k*NR + pc*NR) into dst; the BF16 and
     * INT8 layouts derive their own offsets from it (see {@link PackedWeights}).
     */
    private static void widen(PackedWeights w, int bOff, int kc, float[] dst) {
        if (w.format() == WeightFormat.BF16) {
            int panel = w.k() * NR;
            int jp = bOff / panel;
            Bf16GemmKernel.widen(w.bf16Pairs(), jp * ((w.k() + 1) / 2) * NR, (bOff - jp * panel) / NR, kc, dst);
        } else {
            Int8GemmKernel.widen(w.int8Panels(), bOff, w.int8Scales(), bOff / (w.k() * NR) * NR, kc, dst);
        }
    }

    /**
     * Packs rows [0, mc) x columns [0, kc) of A (at a[off + i*lda + p]) into MR-row panels at dst[dOff...]:
     * panel q at q*MR*kc, element (r, p) at + p*MR + r. Rows past mc are zero so edge tiles need no
     * special kernel. Writes are sequential; the MR source rows are read as parallel streams.
     */
    static void packA(float[] a, int off, int lda, int mc, int kc, float[] dst, int dOff) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int base = dOff + i0 * kc;
            int rows = Math.min(MR, mc - i0);
            int s = off + i0 * lda;
            if (rows == MR) {
                int s1 = s + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda, s6 = s5 + lda, s7 = s6 + lda;
                for (int p = 0, d = base; p < kc; p++, d += MR) {
                    dst[d] = a[s + p];
                    dst[d + 1] = a[s1 + p];
                    dst[d + 2] = a[s2 + p];
                    dst[d + 3] = a[s3 + p];
                    dst[d + 4] = a[s4 + p];
                    dst[d + 5] = a[s5 + p];
                    dst[d + 6] = a[s6 + p];
                    dst[d + 7] = a[s7 + p];
                }
            } else {
                for (int p = 0, d = base; p < kc; p++, d += MR) {
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[s + r * lda + p];
                    }
                    for (int r = rows; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * What is left of an {@link Epilogue} after the last k-block. The bias is the accumulators' start, so BIAS needs
     * no pass at all and the others one pass without the add: measured on 480x1152x384 (README, *Bias in the
     * accumulators*), the separate bias pass cost 9% of the GEMM's time. Only an in-place residual (C held R from
     * the first k-block) still adds the bias afterwards.
     */
    enum Post {
        NONE, BIAS, GELU, RELU, RESIDUAL;

        static Post of(Epilogue ep, boolean residualInPlace) {
            if (residualInPlace) {
                return BIAS;
            }
            return switch (ep) {
                case NONE, BIAS -> NONE;
                case BIAS_GELU -> GELU;
                case BIAS_RELU -> RELU;
                case BIAS_RESIDUAL -> RESIDUAL;
            };
        }
    }

    /**
     * Applies the post-epilogue to a rows x cols tile of C at c[ci + r*ldc + j], output column j0 + j, residual
     * row r at residual[ri + r*ldr + j]. One small method per kind, each a flat loop over the whole tile. GELU goes
     * through {@link VectorMath#geluInPlace}, which takes arrays: a vector-valued helper that C2 declines to inline
     * (a big caller, or a callee already compiled on its own) boxes every vector it passes.
     */
    static void postTile(Post post, float[] c, int ci, int ldc, int rows, int cols, float[] bias, int j0,
                         float[] residual, int ri, int ldr) {
        switch (post) {
            case NONE -> {
            }
            case BIAS -> biasTile(c, ci, ldc, rows, cols, bias, j0);
            case GELU -> {
                for (int r = 0; r < rows; r++) {
                    VectorMath.geluInPlace(c, ci + r * ldc, cols);
                }
            }
            case RELU -> reluTile(c, ci, ldc, rows, cols);
            case RESIDUAL -> residualTile(c, ci, ldc, rows, cols, residual, ri, ldr);
        }
    }

    private static void biasTile(float[] c, int ci, int ldc, int rows, int cols, float[] bias, int j0) {
        int upper = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc;
            int j = 0;
            for (; j < upper; j += L) {
                FloatVector.fromArray(S, c, o + j).add(FloatVector.fromArray(S, bias, j0 + j)).intoArray(c, o + j);
            }
            for (; j < cols; j++) {
                c[o + j] += bias[j0 + j];
            }
        }
    }

    private static void reluTile(float[] c, int ci, int ldc, int rows, int cols) {
        int upper = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc;
            int j = 0;
            for (; j < upper; j += L) {
                FloatVector.fromArray(S, c, o + j).max(0f).intoArray(c, o + j);
            }
            for (; j < cols; j++) {
                c[o + j] = Math.max(0f, c[o + j]);
            }
        }
    }

    private static void residualTile(float[] c, int ci, int ldc, int rows, int cols, float[] residual, int ri,
                                     int ldr) {
        int upper = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc;
            int q = ri + r * ldr;
            int j = 0;
            for (; j < upper; j += L) {
                FloatVector.fromArray(S, c, o + j).add(FloatVector.fromArray(S, residual, q + j)).intoArray(c, o + j);
            }
            for (; j < cols; j++) {
                c[o + j] += residual[q + j];
            }
        }
    }
}
