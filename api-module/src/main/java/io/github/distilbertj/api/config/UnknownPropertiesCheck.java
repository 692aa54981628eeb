package io.github.distilbertj.api.config;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stops start-up when a {@code distilbertj.*} property names nothing: a misspelt limit or an option
 * of a later version would otherwise be ignored without a word. The valid names come from the
 * {@code @ConfigurationProperties} records bound under {@code distilbertj} (ServerSettings and any
 * other, such as a {@code distilbertj.grpc} record): a property added to a record is valid at once.
 * JVM system properties are not checked (see {@link #isJvmSystemProperties}). Names are compared
 * in Spring's relaxed form, so {@code --distilbertj.max-batch-tokens}, {@code distilbertj.maxBatchTokens}
 * and {@code DISTILBERTJ_MAX_BATCH_TOKENS} are the same property.
 */
public final class UnknownPropertiesCheck implements SmartInitializingSingleton {

    static final String ROOT = "distilbertj";

    private final ApplicationContext context;
    private final ConfigurableEnvironment environment;

    public UnknownPropertiesCheck(ApplicationContext context, ConfigurableEnvironment environment) {
        this.context = context;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Known known = new Known();
        for (ConfigurationPropertiesBean bean : ConfigurationPropertiesBean.getAll(context).values()) {
            String prefix = bean.getAnnotation().prefix();
            if (prefix.isEmpty()) {
                prefix = bean.getAnnotation().value();
            }
            if (prefix.equals(ROOT) || prefix.startsWith(ROOT + ".")) {
                known.collect(prefix, bean.getInstance().getClass());
            }
        }
        check(ConfigurationPropertySources.get(environment), known);
    }

    /** Throws {@link UnknownPropertyException} naming every unknown distilbertj.* property in {@code sources}. */
    static void check(Iterable<ConfigurationPropertySource> sources, Known known) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(ROOT);
        Map<String, String> unknown = new TreeMap<>();
        for (ConfigurationPropertySource source : sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || isJvmSystemProperties(source)) {
                continue;
            }
            for (ConfigurationPropertyName name : iterable) {
                if (root.isAncestorOf(name) && !known.accepts(name)) {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    Object origin = property == null ? null : property.getOrigin();
                    unknown.putIfAbsent(name.toString(), origin == null ? String.valueOf(source.getUnderlyingSource())
                            : origin.toString());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownPropertyException(unknown, known.names());
        }
    }

    /**
     * JVM {@code -Ddistilbertj.*} flags are the kernels' tuning knobs ({@code -Ddistilbertj.vector.bits},
     * {@code -Ddistilbertj.gemm.kc}), read by the kernels themselves, not settings of this server.
     */
    private static boolean isJvmSystemProperties(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> ps
                && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(ps.getName());
    }

    /** The property names the bound records accept, and the prefixes under which any name is accepted (maps, lists). */
    static final class Known {
        private final TreeSet<String> names = new TreeSet<>();
        private final List<String> leaves = new ArrayList<>();
        private final List<String> open = new ArrayList<>();

        void collect(String prefix, Class<?> type) {
            if (!type.isRecord()) {
                // Not a record: accept what is under its prefix (its own binding reports what it cannot bind).
                names.add(prefix + ".*");
                open.add(uniform(ConfigurationPropertyName.of(prefix)));
                return;
            }
            for (RecordComponent c : type.getRecordComponents()) {
                String name = prefix + "." + DataObjectPropertyName.toDashedForm(c.getName());
                Class<?> t = c.getType();
                if (Map.class.isAssignableFrom(t) || Collection.class.isAssignableFrom(t) || t.isArray()) {
                    names.add(name + ".*");
                    open.add(uniform(ConfigurationPropertyName.of(name)));
                } else if (t.isRecord() && !isValue(t)) {
                    collect(name, t);
                } else {
                    names.add(name);
                    leaves.add(uniform(ConfigurationPropertyName.of(name)));
                }
            }
        }

        private static boolean isValue(Class<?> t) {
            return t.getPackageName().startsWith("java.") || t == Path.class;
        }

        boolean accepts(ConfigurationPropertyName name) {
            String u = uniform(name);
            if (leaves.contains(u)) {
                return true;
            }
            for (String prefix : open) {
                if (u.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        List<String> names() {
            return List.copyOf(names);
        }

        /**
         * The name without separators or case: the element boundaries of an environment variable
         * ({@code DISTILBERTJ_MAX_BATCH_TOKENS} = distilbertj.max.batch.tokens) differ from those of the
         * dashed form, the letters do not.
         */
        private static String uniform(ConfigurationPropertyName name) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < name.getNumberOfElements(); i++) {
                sb.append(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
            }
            return sb.toString();
        }
    }
}
