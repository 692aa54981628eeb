package io.github.distilbertj.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every object of the base, each overlay and the Prometheus Adapter's ConfigMap passes the strict model. */
class ManifestSchemaTest {

    static List<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS;
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyObjectValidates(String kustomization) {
        List<JsonNode> objects = Manifests.render(kustomization);
        Set<String> kinds = objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet());
        assertEquals(Set.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor"), kinds);
        for (JsonNode object : objects) {
            StrictModel.validate(object);
        }
    }

    @Test
    void prometheusAdapterConfigMapValidates() {
        for (JsonNode object : Manifests.readAll(Manifests.ROOT.resolve("prometheus-adapter/rules.yaml"))) {
            StrictModel.validate(object);
            AdapterRules.parse(object);   // its config.yaml, field by field
        }
    }

    @Test
    void misspelledFieldsFail() {
        JsonNode deployment = Manifests.find(Manifests.render("base"), "Deployment");
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinessProbes", container.remove("readinessProbe"));
        ((ObjectNode) container.at("/ports/0")).set("containerport", ((ObjectNode) container.at("/ports/0")).remove("containerPort"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(deployment));
        assertTrue(e.getMessage().contains("unknown field .spec.template.spec.containers[0].readinessProbes"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown field .spec.template.spec.containers[0].ports[0].containerport"), e.getMessage());
        assertTrue(e.getMessage().contains("missing required field containers[].ports[].containerPort"), e.getMessage());

        JsonNode hpa = Manifests.find(Manifests.render("base"), "HorizontalPodAutoscaler");
        ((ObjectNode) hpa.at("/spec")).set("maxReplica", ((ObjectNode) hpa.at("/spec")).remove("maxReplicas"));
        e = assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(hpa));
        assertTrue(e.getMessage().contains("unknown field .spec.maxReplica"), e.getMessage());

        JsonNode monitor = Manifests.find(Manifests.render("base"), "ServiceMonitor");
        ((ObjectNode) monitor.at("/spec/endpoints/0")).put("scrapeIntervall", "15s");
        e = assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(monitor));
        assertTrue(e.getMessage().contains("scrapeIntervall"), e.getMessage());
    }

    @Test
    void wrongTypesFail() {
        JsonNode hpa = Manifests.find(Manifests.render("base"), "HorizontalPodAutoscaler");
        ((ObjectNode) hpa.at("/spec")).put("maxReplicas", "10");
        assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(hpa));

        JsonNode deployment = Manifests.find(Manifests.render("base"), "Deployment");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/env/1")).put("value", 20);
        assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(deployment), "env value must be a string");

        JsonNode again = Manifests.find(Manifests.render("base"), "Deployment");
        ((ObjectNode) again.at("/spec/template/spec/containers/0/securityContext")).put("readOnlyRootFilesystem", "true");
        assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(again));
    }

    @Test
    void missingRequiredFieldsFail() {
        JsonNode deployment = Manifests.find(Manifests.render("base"), "Deployment");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).remove("image");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(deployment)).getMessage()
                .contains("missing required field containers[].image"));
        JsonNode pdb = Manifests.find(Manifests.render("base"), "PodDisruptionBudget");
        ((ObjectNode) pdb.at("/spec")).put("minAvailable", 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StrictModel.validate(pdb)).getMessage()
                .contains("exactly one of minAvailable/maxUnavailable"));
    }

    @Test
    void unsupportedKustomizeFieldsFail(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nnamePrefix: x-\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Manifests.render(dir)).getMessage().contains("namePrefix"));
    }

    /** Where kubectl is installed, its kustomize renders the same objects as Manifests. */
    @ParameterizedTest
    @MethodSource("kustomizations")
    void sameAsKubectlKustomize(String kustomization) throws Exception {
        Path kubectl = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                kubectl = candidate;
                break;
            }
        }
        Assumptions.assumeTrue(kubectl != null, "kubectl not installed: the cross-check is skipped");
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", Manifests.ROOT.resolve(kustomization).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<JsonNode> theirs = new ArrayList<>();
        for (var it = Manifests.YAML.readerFor(JsonNode.class).readValues(out); it.hasNext(); ) {
            theirs.add((JsonNode) it.next());
        }
        List<JsonNode> ours = Manifests.render(kustomization);
        assertEquals(Set.copyOf(theirs), Set.copyOf(ours));
    }
}
