package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No compiled kernel may hit a range-check trap. Every Vector API load checks its index through
 * Objects.checkIndex; once any compiled code traps there (C2 widened a check past the end of an array although no
 * load went out of range), every method compiled afterwards in that JVM loses the checkIndex intrinsic and its
 * bounds checks stay in the loop: BF16 GEMMs ran 2x slower when F32 had run first (kernels README, *Mixed formats
 * in one JVM*). A fresh JVM, so the trap history is this workload's alone.
 */
class RangeCheckTrapTest {
    @Test
    void kernelsCompileWithoutRangeCheckTraps() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-Xmx512m");
        command.add("-Xlog:deoptimization=debug:stdout");
        String bits = System.getProperty("distilbertj.vector.bits");
        if (bits != null) {
            command.add("-Ddistilbertj.vector.bits=" + bits);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RangeCheckWorkload.class.getName());
        command.add("400");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "workload did not finish");
        assertEquals(0, child.exitValue(), log);
        List<String> traps = log.lines().filter(l -> l.contains("range_check")).toList();
        assertTrue(log.contains("[deoptimization]"), "the child JVM logged no deoptimization at all: is -Xlog honoured?\n" + log);
        assertTrue(traps.isEmpty(), "range-check traps in compiled kernels:\n" + String.join("\n", traps));
    }
}
