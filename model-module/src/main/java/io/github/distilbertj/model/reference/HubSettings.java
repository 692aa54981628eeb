package io.github.distilbertj.model.reference;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Hugging Face Hub environment that {@code huggingface_hub} reads, with the same defaults.
 *
 * @param cache    HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub (XDG_CACHE_HOME honoured)
 * @param endpoint HF_ENDPOINT, else https://huggingface.co
 * @param token    HF_TOKEN, or null
 * @param offline  HF_HUB_OFFLINE is 1/true/yes/on: read the cache only
 */
public record HubSettings(Path cache, URI endpoint, String token, boolean offline) {

    public static final URI PUBLIC_HUB = URI.create("https://huggingface.co");

    public HubSettings {
        String e = endpoint.toString();
        endpoint = e.endsWith("/") ? URI.create(e.substring(0, e.length() - 1)) : endpoint;
        token = token == null || token.isBlank() ? null : token.strip();
    }

    public static HubSettings fromEnvironment(Map<String, String> env) {
        Path cache;
        if (nonBlank(env.get("HF_HUB_CACHE"))) {
            cache = Path.of(env.get("HF_HUB_CACHE"));
        } else if (nonBlank(env.get("HF_HOME"))) {
            cache = Path.of(env.get("HF_HOME")).resolve("hub");
        } else {
            Path xdg = nonBlank(env.get("XDG_CACHE_HOME")) ? Path.of(env.get("XDG_CACHE_HOME"))
                    : Path.of(System.getProperty("user.home"), ".cache");
            cache = xdg.resolve("huggingface").resolve("hub");
        }
        URI endpoint = nonBlank(env.get("HF_ENDPOINT")) ? URI.create(env.get("HF_ENDPOINT").strip()) : PUBLIC_HUB;
        return new HubSettings(cache, endpoint, env.get("HF_TOKEN"), truthy(env.get("HF_HUB_OFFLINE")));
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** huggingface_hub's reading of boolean variables. */
    static boolean truthy(String s) {
        return s != null && Set.of("1", "true", "yes", "on").contains(s.strip().toLowerCase(Locale.ROOT));
    }
}
