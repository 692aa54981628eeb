package io.github.distilbertj.kernels;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.*;
class SmokeTest { @Test void vector() { assertEquals(16, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()); } }
