package io.github.distilbertj.api.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version, filtered into distilbertj-version.properties at build time. */
public record ServerVersion(String value) {

    public static ServerVersion fromClassPath() {
        try (InputStream in = ServerVersion.class.getResourceAsStream("/distilbertj-version.properties")) {
            if (in == null) {
                return new ServerVersion("unknown");
            }
            Properties p = new Properties();
            p.load(in);
            return new ServerVersion(p.getProperty("version", "unknown"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
