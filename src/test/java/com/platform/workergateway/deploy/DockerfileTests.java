package com.platform.workergateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.platform.workergateway.deploy.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile agrees with the chart and with {@code ci/image-layout-check.sh}, which
 * parses it: user, ports, layer order, entrypoint shape and base image pins. (The image
 * itself cannot be built here: no Docker daemon.)
 */
class DockerfileTests {

	private static String dockerfile;

	@BeforeAll
	static void read() throws IOException {
		dockerfile = Files.readString(Path.of("Dockerfile"));
	}

	@Test
	void shouldPinEveryBaseImageByDigest() {
		List<String> froms = lines("^FROM .*");

		assertThat(froms).hasSize(2)
			.allMatch((from) -> from.matches("FROM eclipse-temurin:25-j(dk|re)-noble@sha256:[0-9a-f]{64}( AS build)?"));
	}

	@Test
	void shouldRunAsTheNumericUserTheChartDeclares() {
		Map<String, Object> values = HelmChart.yaml().load(HelmChart.valuesYaml());

		assertThat(lines("^USER .*")).containsExactly("USER 10001:10001");
		assertThat(HelmChart.<Integer>at(values, "securityContext", "runAsUser")).isEqualTo(10001);
		assertThat(HelmChart.<Integer>at(values, "podSecurityContext", "runAsUser")).isEqualTo(10001);
	}

	@Test
	void shouldExposeTheChartsDefaultPorts() {
		Map<String, Map<String, Object>> objects = HelmChart.render();
		List<Map<String, Object>> ports = at(DeploymentTemplateTests.container(objects), "ports");

		assertThat(lines("^EXPOSE .*"))
			.containsExactly("EXPOSE " + ports.get(0).get("containerPort") + " " + ports.get(1).get("containerPort"));
	}

	@Test
	void shouldCopyTheLayersFromLeastToMostFrequentlyChanging() {
		Matcher matcher = Pattern.compile("(?m)^COPY --from=build /workspace/extracted/([a-z-]+)/ \\./$")
			.matcher(dockerfile);

		assertThat(matcher.results().map((result) -> result.group(1))).containsExactly("dependencies",
				"spring-boot-loader", "snapshot-dependencies", "application");
		assertThat(dockerfile)
			.contains("extract --layers --application-filename application.jar --destination extracted")
			.contains("RUN --mount=type=cache,target=/root/.m2 ./mvnw");
	}

	@Test
	void shouldStartTheJvmDirectlyWithContainerFlagsFromTheTrainedAotCache() {
		assertThat(lines("^ENTRYPOINT .*"))
			.containsExactly("ENTRYPOINT [\"java\", \"-XX:AOTCache=app.aot\", \"-XX:MaxRAMPercentage=75\", "
					+ "\"-XX:+ExitOnOutOfMemoryError\", \"-jar\", \"application.jar\"]");
	}

	@Test
	void shouldTrainTheAotCacheOnTheRuntimeImageBeforeDroppingRoot() {
		List<String> runtimeStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")).lines().toList();
		String training = "RUN [\"java\", \"-XX:AOTCacheOutput=app.aot\", \"-Dspring.context.exit=onRefresh\", "
				+ "\"-jar\", \"application.jar\", \"--worker-gateway.task-token.allow-ephemeral-key=true\"]";

		assertThat(runtimeStage).contains(training);
		assertThat(runtimeStage.indexOf(training))
			.isGreaterThan(runtimeStage.indexOf("COPY --from=build /workspace/extracted/application/ ./"))
			.isLessThan(runtimeStage.indexOf("USER 10001:10001"));
	}

	@Test
	void shouldKeepBuildOutputAndVcsOutOfTheBuildContext() throws IOException {
		List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));

		assertThat(ignore).contains("*", "!mvnw", "!.mvn/", "!pom.xml", "!src/", "**/target/");
	}

	private static List<String> lines(String regex) {
		return dockerfile.lines().filter((line) -> line.matches(regex)).toList();
	}

}
