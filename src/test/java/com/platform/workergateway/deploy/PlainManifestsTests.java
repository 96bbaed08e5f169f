package com.platform.workergateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code k8s/} (plain manifests, a kustomize base) does not drift from the chart's
 * default rendering, and is valid against the Kubernetes API schema.
 */
class PlainManifestsTests {

	@BeforeAll
	static void regenerateWhenAsked() throws IOException {
		if (Boolean.getBoolean("k8s.regenerate")) {
			PlainManifests.regenerate();
		}
	}

	@Test
	void shouldMatchTheChartRenderedWithDefaultsObjectByObject() throws IOException {
		Map<String, Map<String, Object>> expected = PlainManifests.expected();
		Map<String, Map<String, Object>> actual = PlainManifests.actual();

		assertThat(actual.keySet()).as("objects in k8s/ (regenerate: see k8s/kustomization.yaml)")
			.containsExactlyInAnyOrderElementsOf(expected.keySet());
		expected.forEach((key, object) -> assertThat(actual.get(key)).as(key).isEqualTo(object));
	}

	@Test
	void shouldKeepOneObjectPerFileNamedAfterItsKind() throws IOException {
		for (Path file : PlainManifests.manifestFiles()) {
			Map<String, Map<String, Object>> objects = HelmChart.objects(Files.readString(file));

			assertThat(objects).as(file.toString()).hasSize(1);
			assertThat(PlainManifests.fileName(objects.values().iterator().next()))
				.isEqualTo(file.getFileName().toString());
		}
	}

	@Test
	void shouldListEveryManifestInTheKustomization() throws IOException {
		Map<String, Object> kustomization = HelmChart.yaml()
			.load(Files.readString(PlainManifests.DIRECTORY.resolve("kustomization.yaml")));

		assertThat(kustomization).containsEntry("apiVersion", "kustomize.config.k8s.io/v1beta1")
			.containsEntry("kind", "Kustomization")
			.containsEntry("namespace", HelmChart.NAMESPACE);
		assertThat(HelmChart.<List<String>>at(kustomization, "resources")).containsExactlyInAnyOrderElementsOf(
				PlainManifests.manifestFiles().stream().map((file) -> file.getFileName().toString()).toList());
	}

	@Test
	void shouldBeValidAgainstTheKubernetesSchema() throws IOException {
		Map<String, Map<String, Object>> objects = PlainManifests.actual();

		assertThat(objects).isNotEmpty();
		objects.forEach(
				(key, object) -> assertThatNoException().as(key).isThrownBy(() -> KubernetesSchema.validate(object)));
	}

	@Test
	void shouldCarryNoHelmOnlyMetadata() throws IOException {
		for (Path file : PlainManifests.manifestFiles()) {
			assertThat(Files.readString(file)).as(file.toString())
				.doesNotContain("helm.sh/chart", "app.kubernetes.io/managed-by", "checksum/config", "{{");
		}
	}

}
