package io.github.distilbertj.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.util.List;
import java.util.Map;

/**
 * The fields the API server requires of the kinds we ship (the typed model accepts them missing):
 * from the Kubernetes 1.30 OpenAPI "required" lists and the validation the API server adds.
 */
final class RequiredFields {

    private RequiredFields() {
    }

    static void check(HasMetadata object, List<String> problems) {
        require(object.getMetadata() != null && notBlank(object.getMetadata().getName()), "metadata.name", problems);
        switch (object) {
            case Deployment d -> deployment(d, problems);
            case Service s -> {
                require(s.getSpec() != null && s.getSpec().getPorts() != null && !s.getSpec().getPorts().isEmpty(), "spec.ports", problems);
                if (s.getSpec() != null && s.getSpec().getPorts() != null) {
                    s.getSpec().getPorts().forEach(p -> require(p.getPort() != null, "spec.ports[].port", problems));
                }
            }
            case HorizontalPodAutoscaler h -> {
                require(h.getSpec() != null, "spec", problems);
                if (h.getSpec() != null) {
                    require(h.getSpec().getMaxReplicas() != null, "spec.maxReplicas", problems);
                    require(h.getSpec().getScaleTargetRef() != null && notBlank(h.getSpec().getScaleTargetRef().getKind())
                            && notBlank(h.getSpec().getScaleTargetRef().getName()), "spec.scaleTargetRef.kind/name", problems);
                    for (MetricSpec m : h.getSpec().getMetrics() == null ? List.<MetricSpec>of() : h.getSpec().getMetrics()) {
                        require(notBlank(m.getType()), "spec.metrics[].type", problems);
                        if ("Pods".equals(m.getType())) {
                            require(m.getPods() != null && m.getPods().getMetric() != null && notBlank(m.getPods().getMetric().getName())
                                    && m.getPods().getTarget() != null && notBlank(m.getPods().getTarget().getType()),
                                    "spec.metrics[].pods.metric.name/target.type", problems);
                        }
                        if ("Resource".equals(m.getType())) {
                            require(m.getResource() != null && notBlank(m.getResource().getName()) && m.getResource().getTarget() != null
                                    && notBlank(m.getResource().getTarget().getType()), "spec.metrics[].resource.name/target.type", problems);
                        }
                    }
                }
            }
            case PodDisruptionBudget p -> require(p.getSpec() != null && p.getSpec().getSelector() != null
                    && (p.getSpec().getMinAvailable() == null) != (p.getSpec().getMaxUnavailable() == null),
                    "spec.selector and exactly one of minAvailable/maxUnavailable", problems);
            case ServiceMonitor m -> {
                require(m.getSpec() != null && m.getSpec().getSelector() != null, "spec.selector", problems);
                require(m.getSpec() != null && m.getSpec().getEndpoints() != null && !m.getSpec().getEndpoints().isEmpty(), "spec.endpoints", problems);
            }
            default -> {
            }
        }
    }

    private static void deployment(Deployment d, List<String> problems) {
        if (d.getSpec() == null) {
            problems.add("missing required field spec");
            return;
        }
        require(d.getSpec().getSelector() != null, "spec.selector", problems);
        require(d.getSpec().getTemplate() != null && d.getSpec().getTemplate().getSpec() != null, "spec.template.spec", problems);
        if (d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            return;
        }
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        require(containers != null && !containers.isEmpty(), "spec.template.spec.containers", problems);
        for (Container c : containers == null ? List.<Container>of() : containers) {
            require(notBlank(c.getName()), "containers[].name", problems);
            require(notBlank(c.getImage()), "containers[].image", problems);
            if (c.getPorts() != null) {
                c.getPorts().forEach(p -> require(p.getContainerPort() != null, "containers[].ports[].containerPort", problems));
            }
        }
        if (d.getSpec().getSelector() != null && d.getSpec().getTemplate().getMetadata() != null) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            Map<String, String> match = d.getSpec().getSelector().getMatchLabels();
            if (match == null || labels == null || !labels.entrySet().containsAll(match.entrySet())) {
                problems.add("spec.selector does not match spec.template.metadata.labels");
            }
        }
    }

    private static void require(boolean present, String field, List<String> problems) {
        if (!present) {
            problems.add("missing required field " + field);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
