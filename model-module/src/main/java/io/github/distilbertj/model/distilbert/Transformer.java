package io.github.distilbertj.model.distilbert;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.Weights;

import java.util.ArrayList;
import java.util.List;

/** DistilBERT's {@code transformer}: n_layers blocks under {@code transformer.layer.N}. */
final class Transformer {
    private final List<TransformerBlock> layers;

    private Transformer(List<TransformerBlock> layers) {
        this.layers = List.copyOf(layers);
    }

    static Transformer load(Weights w, ModelConfig c) throws ModelFormatException {
        List<TransformerBlock> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            layers.add(TransformerBlock.load(w.at("layer").at(Integer.toString(i)), c));
        }
        return new Transformer(layers);
    }

    void forward(KernelPool pool, Workspace ws) {
        for (TransformerBlock layer : layers) {
            layer.forward(pool, ws);
        }
    }
}
