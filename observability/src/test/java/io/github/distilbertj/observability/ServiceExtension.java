package io.github.distilbertj.observability;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one {@link RunningService} for the whole run: started on first use (about
 * 15-20 s with the model's warm-up) and kept in the root context's store, which closes it, and so
 * stops the process, when the last test class has finished, whatever their outcome.
 */
final class ServiceExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServiceExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningService.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(RunningService.class, k -> RunningService.start(), RunningService.class);
    }
}
