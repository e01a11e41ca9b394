package io.sleipnir.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps docs/architecture.md's dependency rules, so a wrong import fails the build instead of waiting for review. */
class ArchitectureTest {
    private static JavaClasses agent;

    @BeforeAll
    static void importAgent() {
        agent = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sleipnir");
    }

    @Test
    void onlyLokiServerAndSourcesTouchNetty() {
        noClasses().that().resideOutsideOfPackages("io.sleipnir.loki..", "io.sleipnir.server..", "io.sleipnir.source..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(agent);
    }

    @Test
    void oneLoggingApiSystemLoggerWithJavaUtilLoggingOnlyAsTheBackendLogSetupConfigures() {
        DescribedPredicate<JavaClass> backend = DescribedPredicate.describe("the log backend (cli.LogSetup, "
                + "cli.AgentLogManager)", c -> c.getName().equals("io.sleipnir.cli.LogSetup")
                || c.getName().startsWith("io.sleipnir.cli.LogSetup$")
                || c.getName().equals("io.sleipnir.cli.AgentLogManager"));
        noClasses().that(not(backend))
                .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
                .because("code logs through System.Logger; java.util.logging is only the backend LogSetup sets up")
                .check(agent);
    }

    @Test
    void onlyDiscoveryTouchesFabric8() {
        noClasses().that().resideOutsideOfPackage("io.sleipnir.discovery..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
                .check(agent);
    }

    @Test
    void everyStartsPathReadsYamlAndJsonWithJacksonsStreamingParserNotItsDatabind() {
        // databind is some 400 classes (2 MiB of metaspace): loaded only by a feature that needs it (a json stage,
        // a JSON page, /config, a journal, GELF or Docker source), never by a static file run's start.
        noClasses().that().resideInAnyPackage("io.sleipnir.positions..", "io.sleipnir.tail..", "io.sleipnir.loki..",
                        "io.sleipnir.model..", "io.sleipnir.server..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson.databind..")
                .check(agent);
    }

    @Test
    void modelDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("io.sleipnir.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.sleipnir.config..", "io.sleipnir.cli..", "io.sleipnir.tail..", "io.sleipnir.pipeline..",
                        "io.sleipnir.loki..", "io.sleipnir.positions..", "io.sleipnir.server..", "io.sleipnir.metrics..")
                .check(agent);
    }

    @Test
    void golangDependsOnNoOtherPackageOfOurs() {
        // config, relabel and pipeline all use it: any dependency back would risk a cycle.
        noClasses().that().resideInAPackage("io.sleipnir.golang..")
                .should().dependOnClassesThat(resideInAPackage("io.sleipnir..")
                        .and(not(resideInAPackage("io.sleipnir.golang.."))))
                .check(agent);
    }

    @Test
    void logqlDependsOnlyOnModelAndGolang() {
        // match and drop stages use it; config compiles selectors at load: it must not reach back into either.
        noClasses().that().resideInAPackage("io.sleipnir.logql..")
                .should().dependOnClassesThat(resideInAPackage("io.sleipnir..")
                        .and(not(resideInAnyPackage("io.sleipnir.logql..", "io.sleipnir.model..", "io.sleipnir.golang.."))))
                .check(agent);
    }

    @Test
    void configDependsOnlyOnGolangRelabelAndModel() {
        // config reads the file and compiles what it can at load (relabel rules, Go durations); the stage kinds
        // reach it through StageCatalog, so it knows nothing of pipeline.
        noClasses().that().resideInAPackage("io.sleipnir.config..")
                .should().dependOnClassesThat(resideInAPackage("io.sleipnir..")
                        .and(not(resideInAnyPackage("io.sleipnir.config..", "io.sleipnir.golang..",
                                "io.sleipnir.relabel..", "io.sleipnir.logql..", "io.sleipnir.model.."))))
                .check(agent);
    }

    /** What of config a stage may use: the reading tools, value formats and the engines still kept there. */
    private static final Set<String> CONFIG_FOR_STAGES = Set.of("YamlNode", "NodeConverter", "MappingReader",
            "ConfigPaths", "ConfigException", "StageYaml", "StageCatalog", "StageConfig", "ConfigPrinter", "ByteSize",
            "GoDuration", "GoTemplate", "GoTemplateFunctions", "GoTimeLayout", "LogSelector");

    @Test
    void stagesUseOnlyConfigsReadingToolsNotItsSections() {
        // A stage binds, prints and builds itself from its own YAML: it never sees the agent's other sections
        // (clients, server, scrape configs) nor the loader and binder that walk them.
        DescribedPredicate<JavaClass> configSections = new DescribedPredicate<>("are config's sections or its loader") {
            @Override
            public boolean test(JavaClass c) {
                String name = c.getName();
                if (!name.startsWith("io.sleipnir.config.")) {
                    return false;
                }
                String topLevel = name.substring("io.sleipnir.config.".length()).split("\\$")[0];
                return !CONFIG_FOR_STAGES.contains(topLevel);
            }
        };
        noClasses().that().resideInAPackage("io.sleipnir.pipeline..")
                .should().dependOnClassesThat(configSections)
                .check(agent);
    }

    @Test
    void nothingButCliDependsOnCli() {
        noClasses().that().resideOutsideOfPackage("io.sleipnir.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.sleipnir.cli..")
                .check(agent);
    }

    @Test
    void readingDoesNotKnowAboutSending() {
        noClasses().that().resideInAnyPackage("io.sleipnir.tail..", "io.sleipnir.positions..", "io.sleipnir.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sleipnir.loki..", "io.sleipnir.server..")
                .check(agent);
    }

    @Test
    void sourcesKnowOnlyTheirPipelineNotTheTailerOrTheClients() {
        // A source hands entries to its job's pipeline (an EntrySink) and completes their Delivery tokens; what
        // happens downstream is not its business.
        noClasses().that().resideInAPackage("io.sleipnir.source..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.sleipnir.tail..", "io.sleipnir.loki..", "io.sleipnir.targets..", "io.sleipnir.status..",
                        "io.sleipnir.discovery..")
                .check(agent);
    }

    @Test
    void serverStaysGenericAndTakesRouteHandlers() {
        noClasses().that().resideInAPackage("io.sleipnir.server..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.sleipnir.targets..", "io.sleipnir.tail..", "io.sleipnir.status..", "io.sleipnir.discovery..",
                        "io.sleipnir.pipeline..", "io.sleipnir.positions..", "io.sleipnir.loki..")
                .check(agent);
    }

    @Test
    void theTailerReachesPositionsOnlyThroughItsOwnSeam() {
        // tail owns TailPositions (and FileIdentity); positions implements it. One direction only.
        noClasses().that().resideInAPackage("io.sleipnir.tail..")
                .should().dependOnClassesThat().resideInAPackage("io.sleipnir.positions..")
                .check(agent);
    }

    @Test
    void theTailersDecisionsArePureSoTheyAreTestedWithoutFilesOrThreads() {
        // Line splitting and the poll timers take bytes and times in and give answers out: no I/O, no clock, no
        // concurrency (java.util, not java.util.concurrent).
        classes().that().haveFullyQualifiedName("io.sleipnir.tail.LineSplitter")
                .or().haveFullyQualifiedName("io.sleipnir.tail.LineSplitter$Lines")
                .or().haveFullyQualifiedName("io.sleipnir.tail.PollTimers")
                .should().onlyDependOnClassesThat(resideInAnyPackage("java.lang", "java.util", "io.sleipnir.tail"))
                .check(agent);
    }

    @Test
    void onlyTheReadLoopAndThePausedWatchRunTheTailersThreadsAndOnlyTheFacadeStartsThem() {
        noClasses().that().resideInAPackage("io.sleipnir.tail..")
                .and().doNotHaveFullyQualifiedName("io.sleipnir.tail.TailManager")
                .and().doNotHaveFullyQualifiedName("io.sleipnir.tail.DirectoryWatcher")
                .should().callConstructor(Thread.class, Runnable.class, String.class)
                .check(agent);
    }

    @Test
    void sendingDoesNotKnowAboutReading() {
        noClasses().that().resideInAPackage("io.sleipnir.loki..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.sleipnir.tail..", "io.sleipnir.positions..", "io.sleipnir.pipeline..", "io.sleipnir.server..")
                .check(agent);
    }
}
