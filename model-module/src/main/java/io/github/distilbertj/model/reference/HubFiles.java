package io.github.distilbertj.model.reference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Which files of a Hub repository make a loadable model, and only those. */
final class HubFiles {
    private static final List<String> OPTIONAL = List.of("tokenizer_config.json", "modules.json",
            "1_Pooling/config.json", "config_sentence_transformers.json");

    private HubFiles() {
    }

    /** A folder Encoder.load can read: config.json, model.safetensors or model.onnx, tokenizer.json or vocab.txt. */
    static boolean isLoadable(Path folder) {
        return Files.isRegularFile(folder.resolve("config.json"))
                && (Files.isRegularFile(folder.resolve("model.safetensors")) || Files.isRegularFile(folder.resolve("model.onnx")))
                && (Files.isRegularFile(folder.resolve("tokenizer.json")) || Files.isRegularFile(folder.resolve("vocab.txt")));
    }

    /**
     * The files to fetch out of {@code available} (the repository's file list).
     *
     * @throws ModelResolutionException the repository lacks what a model needs; the message lists what it has
     */
    static List<String> needed(String repoId, String revision, Collection<String> available) throws ModelResolutionException {
        List<String> files = new ArrayList<>();
        String problem = null;
        if (available.contains("config.json")) {
            files.add("config.json");
        } else {
            problem = "has no config.json";
        }
        if (available.contains("model.safetensors")) {
            files.add("model.safetensors");
        } else if (available.contains("model.onnx")) {
            files.add("model.onnx");
        } else if (available.contains("model.safetensors.index.json")) {
            problem = "has only sharded safetensors (model.safetensors.index.json), which this loader does not read yet";
        } else {
            problem = "has no model.safetensors or model.onnx"
                    + (available.contains("pytorch_model.bin") ? " (only pytorch_model.bin, a pickle this project does not read:"
                    + " convert it with safetensors' convert script)" : "");
        }
        if (available.contains("tokenizer.json")) {
            files.add("tokenizer.json");
        } else if (available.contains("vocab.txt")) {
            files.add("vocab.txt");
        } else if (problem == null) {
            problem = "has no tokenizer.json or vocab.txt";
        }
        if (problem != null) {
            throw new ModelResolutionException("Hub model " + repoId + "@" + revision + " " + problem
                    + "; its files are " + available + ". Pick a BERT/DistilBERT repository with safetensors weights,"
                    + " or download it yourself into a folder and pass the folder");
        }
        for (String f : OPTIONAL) {
            if (available.contains(f)) {
                files.add(f);
            }
        }
        return files;
    }
}
