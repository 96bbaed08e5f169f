package com.platform.workergateway.emulator;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the emulator non-blocking, free of package cycles, and independent of the rest of
 * the gateway, so that it runs alone and can move to its own module.
 */
class EmulatorArchitectureTests {

	private static final JavaClasses EMULATOR = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.platform.workergateway.emulator");

	@Test
	void shouldNeverBlockOrSleep() {
		noClasses().should()
			.callMethodWhere(describe("a blocking call",
					(call) -> call.getTarget().getName().startsWith("block")
							&& (call.getTargetOwner().isEquivalentTo(Mono.class)
									|| call.getTargetOwner().isEquivalentTo(Flux.class))
							|| call.getTarget().getName().equals("sleep")
									&& call.getTargetOwner().isEquivalentTo(Thread.class)))
			.check(EMULATOR);
	}

	@Test
	void shouldHaveNoCyclesBetweenItsPackages() {
		slices().matching("com.platform.workergateway.emulator.(*)..").should().beFreeOfCycles().check(EMULATOR);
	}

	/**
	 * The emulator and the gateway meet only over HTTP (and the endpoint property the
	 * emulator publishes): nothing of the gateway is imported.
	 */
	@Test
	void shouldDependOnNothingOfTheGateway() {
		classes().should()
			.onlyDependOnClassesThat(describe("emulator or libraries",
					(type) -> !type.getPackageName().startsWith("com.platform.workergateway")
							|| type.getPackageName().startsWith("com.platform.workergateway.emulator")))
			.check(EMULATOR);
	}

}
