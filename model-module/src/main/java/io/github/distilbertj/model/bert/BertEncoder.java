package io.github.distilbertj.model.bert;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.Weights;

import java.util.ArrayList;
import java.util.List;

/** BertEncoder: num_hidden_layers BertLayers under {@code encoder.layer.N}. */
final class BertEncoder {
    private final List<BertLayer> layers;

    private BertEncoder(List<BertLayer> layers) {
        this.layers = List.copyOf(layers);
    }

    static BertEncoder load(Weights w, ModelConfig c) throws ModelFormatException {
        List<BertLayer> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            layers.add(BertLayer.load(w.at("layer").at(Integer.toString(i)), c));
        }
        return new BertEncoder(layers);
    }

    void forward(KernelPool pool, Workspace ws) {
        for (BertLayer layer : layers) {
            layer.forward(pool, ws);
        }
    }
}
