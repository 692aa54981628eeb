package io.github.distilbertj.api.config;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * Makes springdoc's beans lazy: /openapi.json and /docs are built on their first request instead of at
 * start-up. Measured (api-module README, *Start-up*): eager springdoc cost 1.2 s of a 6.7 s start from
 * {@code java -jar} (the container's command), loading and initialising swagger-core and its Jackson 2 models
 * for a document that is only ever read by people and tools, never on the serving path.
 */
@Component
public final class LazySpringDoc implements BeanFactoryPostProcessor {

    private static final String SPRINGDOC = "org.springdoc.";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (fromSpringDoc(beanFactory, definition)) {
                definition.setLazyInit(true);
            }
        }
    }

    /** A springdoc class, or a bean made by a {@code @Bean} method of a springdoc configuration class. */
    private static boolean fromSpringDoc(ConfigurableListableBeanFactory beanFactory, BeanDefinition definition) {
        String type = definition.getBeanClassName();
        if (type == null && definition.getFactoryBeanName() != null
                && beanFactory.containsBeanDefinition(definition.getFactoryBeanName())) {
            type = beanFactory.getBeanDefinition(definition.getFactoryBeanName()).getBeanClassName();
        }
        return type != null && type.startsWith(SPRINGDOC);
    }
}
