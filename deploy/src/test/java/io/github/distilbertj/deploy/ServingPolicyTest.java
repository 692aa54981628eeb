package io.github.distilbertj.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the serving setup promises, checked on the rendered objects of the base and every overlay. */
class ServingPolicyTest {

    static List<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS;
    }

    record Rendered(Deployment deployment, Service service, HorizontalPodAutoscaler hpa, PodDisruptionBudget pdb,
                    ServiceMonitor monitor) {

        static Rendered of(String kustomization) {
            List<JsonNode> objects = Manifests.render(kustomization);
            return new Rendered((Deployment) StrictModel.validate(Manifests.find(objects, "Deployment")),
                    (Service) StrictModel.validate(Manifests.find(objects, "Service")),
                    (HorizontalPodAutoscaler) StrictModel.validate(Manifests.find(objects, "HorizontalPodAutoscaler")),
                    (PodDisruptionBudget) StrictModel.validate(Manifests.find(objects, "PodDisruptionBudget")),
                    (ServiceMonitor) StrictModel.validate(Manifests.find(objects, "ServiceMonitor")));
        }

        Container server() {
            return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        }

        Map<String, String> podLabels() {
            return deployment.getSpec().getTemplate().getMetadata().getLabels();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void cpuIsGuaranteedAndKernelThreadsFollowTheLimit(String kustomization) {
        Container c = Rendered.of(kustomization).server();
        Quantity request = c.getResources().getRequests().get("cpu");
        Quantity limit = c.getResources().getLimits().get("cpu");
        assertEquals(0, request.getNumericalAmount().compareTo(limit.getNumericalAmount()), "CPU requests = limits");
        assertEquals(0, limit.getNumericalAmount().remainder(java.math.BigDecimal.ONE).signum(), "whole cores: threads = the limit");
        assertEquals(0, c.getResources().getRequests().get("memory").getNumericalAmount()
                .compareTo(c.getResources().getLimits().get("memory").getNumericalAmount()), "memory requests = limits");
        EnvVar threads = c.getEnv().stream().filter(e -> e.getName().equals("DISTILBERTJ_THREADS")).findFirst().orElseThrow();
        assertEquals("limits.cpu", threads.getValueFrom().getResourceFieldRef().getResource());
        assertEquals(c.getName(), threads.getValueFrom().getResourceFieldRef().getContainerName());
        assertEquals(0, threads.getValueFrom().getResourceFieldRef().getDivisor().getNumericalAmount().compareTo(java.math.BigDecimal.ONE));
        List<String> args = c.getArgs();
        assertTrue(args.containsAll(List.of("--add-modules", "jdk.incubator.vector")), args.toString());
        assertTrue(args.contains("-XX:ActiveProcessorCount=$(DISTILBERTJ_THREADS)"), args.toString());
        assertTrue(args.stream().anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage=")), args.toString());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void nonRootReadOnlyWithWritableTmp(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        PodSpec pod = r.deployment().getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0, "a numeric non-root user: the image's user is a name");
        Container c = r.server();
        assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow().getName();
        assertNotNull(pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow().getEmptyDir(),
                "/tmp is an emptyDir");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void terminationOutlastsPreStopAndTheDrain(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        Container c = r.server();
        List<String> preStop = c.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.getFirst());
        long preStopSeconds = Long.parseLong(preStop.get(1));
        long drainSeconds = seconds(c, "DISTILBERTJ_DRAIN_GRACE");
        long shutdownSeconds = seconds(c, "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE");
        long grace = r.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace >= preStopSeconds + drainSeconds + shutdownSeconds + 5, "grace " + grace + " s < preStop "
                + preStopSeconds + " s + drain " + drainSeconds + " s + shutdown " + shutdownSeconds + " s + 5 s margin");
    }

    private static long seconds(Container c, String env) {
        String value = c.getEnv().stream().filter(e -> e.getName().equals(env)).findFirst().orElseThrow().getValue();
        return Duration.parse("PT" + value.toUpperCase()).toSeconds();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theServerListensOnThePodAddress(String kustomization) {
        // The server binds 127.0.0.1 unless server.address is set: kubelet probes and the Service use the pod IP.
        assertEquals("0.0.0.0", Rendered.of(kustomization).server().getEnv().stream()
                .filter(e -> e.getName().equals("SERVER_ADDRESS")).findFirst().orElseThrow().getValue());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void selectorsAndNamesLineUp(String kustomization) {
        Rendered r = Rendered.of(kustomization);
        Map<String, String> labels = r.podLabels();
        assertTrue(labels.entrySet().containsAll(r.service().getSpec().getSelector().entrySet()), "Service selects the pods");
        assertTrue(labels.entrySet().containsAll(r.pdb().getSpec().getSelector().getMatchLabels().entrySet()), "PDB selects the pods");
        assertTrue(r.service().getMetadata().getLabels().entrySet()
                .containsAll(r.monitor().getSpec().getSelector().getMatchLabels().entrySet()), "ServiceMonitor selects the Service");
        List<String> servicePorts = r.service().getSpec().getPorts().stream().map(p -> p.getName()).toList();
        r.monitor().getSpec().getEndpoints().forEach(e -> assertTrue(servicePorts.contains(e.getPort()), e.getPort()));
        List<String> containerPorts = r.server().getPorts().stream().map(p -> p.getName()).toList();
        r.service().getSpec().getPorts().forEach(p -> assertTrue(containerPorts.contains(p.getTargetPort().getStrVal()),
                "Service targetPort " + p.getTargetPort() + " is a named container port"));
        assertEquals("Deployment", r.hpa().getSpec().getScaleTargetRef().getKind());
        assertEquals(r.deployment().getMetadata().getName(), r.hpa().getSpec().getScaleTargetRef().getName());
        assertEquals(null, r.deployment().getSpec().getReplicas(), "the HPA owns the replica count");
        assertTrue(r.hpa().getSpec().getMinReplicas() >= 2, "at least two replicas, so the PDB can allow one disruption");
        List<String> types = r.hpa().getSpec().getMetrics().stream().map(MetricSpec::getType).toList();
        assertEquals(List.of("Resource", "Pods"), types);
        assertEquals("cpu", r.hpa().getSpec().getMetrics().getFirst().getResource().getName());
    }
}
