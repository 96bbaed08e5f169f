package com.platform.workergateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.platform.workergateway.upstream.UpstreamFailure;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Rules the whole gateway keeps: nothing blocks a thread (the request path runs on event
 * loops), feature packages have no cycles, and the upstream port knows nothing of the
 * layers that use it.
 */
class ArchitectureTests {

	private static final JavaClasses GATEWAY = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.platform.workergateway");

	@Test
	void shouldNeverBlockOrSleep() {
		noClasses().should().callMethodWhere(describe("a blocking call", (call) -> {
			String name = call.getTarget().getName();
			boolean reactorBlock = name.startsWith("block") && (call.getTargetOwner().isEquivalentTo(Mono.class)
					|| call.getTargetOwner().isEquivalentTo(Flux.class));
			boolean sleep = name.equals("sleep") && call.getTargetOwner().isEquivalentTo(Thread.class);
			boolean futureWait = (name.equals("get") || name.equals("join"))
					&& (call.getTargetOwner().isAssignableTo(Future.class)
							|| call.getTargetOwner().isEquivalentTo(CompletableFuture.class));
			return reactorBlock || sleep || futureWait;
		})).check(GATEWAY);
	}

	@Test
	void shouldHaveNoCyclesBetweenFeaturePackages() {
		slices().matching("com.platform.workergateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
	}

	@Test
	void shouldKeepTheUpstreamPortFreeOfItsCallers() {
		noClasses().that()
			.resideInAPackage("com.platform.workergateway.upstream..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.platform.workergateway.poll..", "com.platform.workergateway.dispatch..",
					"com.platform.workergateway.report..", "com.platform.workergateway.web..",
					"com.platform.workergateway.task..", "com.platform.workergateway.budget..")
			.check(GATEWAY);
	}

	/**
	 * The AWS adapter ({@code Aws*} classes, the SDK's transport on WebClient and the
	 * wiring that builds the SDK client) is the only code that knows the SDK: the port
	 * and everything that uses it speak the gateway's own types, failures included. The
	 * one other user is the emulator's signature check, which verifies SigV4 with the
	 * SDK's own signer (a hand-written one could share a mistake with the client).
	 */
	@Test
	void shouldKeepSdkTypesInsideTheAwsAdapter() {
		noClasses()
			.that(describe("are not the AWS adapter or the emulator's signature check",
					(type) -> !isAwsAdapter(type) && !type.getName().startsWith(EMULATOR_SIGNATURE_CHECK)))
			.should()
			.dependOnClassesThat()
			.resideInAPackage("software.amazon..")
			.check(GATEWAY);
	}

	private static final String EMULATOR_SIGNATURE_CHECK = "com.platform.workergateway.emulator.wire.SigV4Signature";

	private static boolean isAwsAdapter(JavaClass type) {
		// Nested and anonymous classes belong to their top-level class.
		String topLevel = type.getName().substring(type.getPackageName().length() + 1).split("\\$")[0];
		return type.getPackageName().equals("com.platform.workergateway.upstream") && (topLevel.startsWith("Aws")
				|| topLevel.equals("WebClientSdkHttpClient") || topLevel.equals("UpstreamConfiguration"));
	}

	/**
	 * The port's failures are a closed set that callers can decide on without the SDK.
	 */
	@Test
	void shouldFailThePortOnlyWithTheGatewaysOwnFailures() {
		classes().that()
			.areAssignableTo(UpstreamFailure.class)
			.should()
			.onlyDependOnClassesThat(describe("the JDK, JSpecify or the port",
					(type) -> type.getPackageName().startsWith("java.")
							|| type.getPackageName().startsWith("org.jspecify")
							|| type.getPackageName().equals("com.platform.workergateway.upstream")
									&& !isAwsAdapter(type)))
			.check(GATEWAY);
	}

}
