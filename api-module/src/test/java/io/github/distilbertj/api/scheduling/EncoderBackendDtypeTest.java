package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.kernels.WeightFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** /info's model_dtype follows the weight format the model was loaded with, in TEI's spelling. */
class EncoderBackendDtypeTest {
    @Test
    void teiNames() {
        assertThat(EncoderBackend.dtype(WeightFormat.F32)).isEqualTo("float32");
        assertThat(EncoderBackend.dtype(WeightFormat.BF16)).isEqualTo("bfloat16");
        assertThat(EncoderBackend.dtype(WeightFormat.INT8)).isEqualTo("int8");
    }
}
