package dev.cogwheel.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows of docs/architecture.md, checked on the bytecode of every module and of the bundled
 * cogs (their main classes and their tests). A rule that fails names the class and the dependency
 * that breaks it.
 */
class ArchitectureTest {

  /** The SDK: what a plugin compiles against (cogwheel-api and cogwheel-storage-api). */
  private static final String[] SDK = {"dev.cogwheel.api..", "dev.cogwheel.storage", "dev.cogwheel.storage.config..",
      "dev.cogwheel.storage.state..", "dev.cogwheel.storage.ephemeral..", "dev.cogwheel.storage.table..",
      "dev.cogwheel.storage.privacy..", "dev.cogwheel.storage.service.."};

  /** The libraries the SDK exposes to plugins, and the JDK. */
  private static final String[] SDK_LIBRARIES = {"java..", "net.dv8tion.jda..", "org.slf4j..", "org.pf4j..", "org.jetbrains.annotations.."};

  private static final String[] JDBC = {"java.sql..", "javax.sql.."};

  private static final String[] DATABASE_LIBRARIES = {"java.sql..", "javax.sql..", "org.apache.ibatis..", "com.zaxxer.hikari..",
      "liquibase..", "org.postgresql.."};

  private static final Path PLUGINS = Path.of("..", "plugins");

  /** Every module's main classes. */
  private static final JavaClasses PRODUCTION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
      .importPackages("dev.cogwheel");

  /** The bundled cogs' main classes. */
  private static final JavaClasses COGS = new ClassFileImporter().importPaths(cogDirectories("classes"));

  /** The bundled cogs' tests. */
  private static final JavaClasses COG_TESTS = new ClassFileImporter().importPaths(cogDirectories("test-classes"));

  @Test
  void modulesDependOnEachOtherWithoutCycles() {
    slices().assignedFrom(MODULES).should().beFreeOfCycles().check(PRODUCTION);
  }

  @Test
  void packagesDependOnEachOtherWithoutCycles() {
    slices().matching("dev.cogwheel.(**)").should().beFreeOfCycles().check(PRODUCTION);
  }

  @Test
  void theSdkDependsOnNothingHostSide() {
    classes().that().resideInAnyPackage(SDK).should().onlyDependOnClassesThat(resideInAnyPackage(SDK).or(resideInAnyPackage(SDK_LIBRARIES)))
        .check(PRODUCTION);
  }

  @Test
  void theStorageApiAndSpiHaveNoDatabaseTypes() {
    noClasses().that().resideInAnyPackage(SDK).or().resideInAPackage("dev.cogwheel.storage.spi..")
        .should().dependOnClassesThat().resideInAnyPackage(DATABASE_LIBRARIES)
        .check(PRODUCTION);
  }

  @Test
  void onlyTheStorageBackendTouchesJdbc() {
    // test-postgres (dev.cogwheel.testing) provisions test databases; the benchmarks' baselines are plain JDBC.
    noClasses().that().resideOutsideOfPackages("dev.cogwheel.storage.postgres..", "dev.cogwheel.testing..", "dev.cogwheel.benchmarks..")
        .should().dependOnClassesThat().resideInAnyPackage(JDBC)
        .check(PRODUCTION);
  }

  @Test
  void theHostKnowsNothingOfItsProducts() {
    noClasses().that().resideInAPackage("dev.cogwheel.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.cogwheel.panel..", "dev.cogwheel.cli..", "dev.cogwheel.testkit..",
            "dev.cogwheel.localdiscord..", "dev.cogwheel.storage.postgres..")
        .check(PRODUCTION);
    noClasses().that().resideInAPackage("dev.cogwheel.panel..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.cogwheel.cli..", "dev.cogwheel.testkit..", "dev.cogwheel.localdiscord..",
            "dev.cogwheel.storage.postgres..")
        .check(PRODUCTION);
  }

  @Test
  void theLocalDiscordStandsAlone() {
    classes().that().resideInAPackage("dev.cogwheel.localdiscord..")
        .should().onlyDependOnClassesThat(not(resideInAPackage("dev.cogwheel..")).or(resideInAPackage("dev.cogwheel.localdiscord..")))
        .check(PRODUCTION);
  }

  @Test
  void cogsUseOnlyTheSdk() {
    classes().should().onlyDependOnClassesThat(resideInAnyPackage(SDK).or(resideInAnyPackage(SDK_LIBRARIES))
            .or(resideInAPackage("dev.cogwheel.plugins..")))
        .check(COGS);
  }

  @Test
  void cogTestsUseOnlyTheSdkTheTestkitAndTheLocalDiscord() {
    // Jackson's JsonNode is part of the local Discord's API (the bodies of the REST calls a bot made); jqwik runs the
    // property-based tests of the testkit's CommandArbitraries.
    classes().should().onlyDependOnClassesThat(resideInAnyPackage(SDK).or(resideInAnyPackage(SDK_LIBRARIES))
            .or(resideInAnyPackage("dev.cogwheel.plugins..", "dev.cogwheel.testkit..", "dev.cogwheel.localdiscord..", "org.junit..", "net.jqwik..",
                "org.assertj..", "ch.qos.logback..", "com.fasterxml.jackson.databind..")))
        .check(COG_TESTS);
  }

  /** Which module a class belongs to, by its package. */
  private static final SliceAssignment MODULES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.startsWith("dev.cogwheel.")) {
        return SliceIdentifier.ignore();
      }
      String[] parts = name.split("\\.");
      String module = switch (parts[2]) {
        case "storage" -> parts.length > 3 && (parts[3].equals("spi") || parts[3].equals("postgres"))
            ? "storage-" + parts[3] : "storage-api";
        case "plugins" -> parts.length > 3 ? "plugin-" + parts[3] : "plugins";
        default -> parts[2];
      };
      return SliceIdentifier.of(module);
    }

    @Override
    public String getDescription() {
      return "Cogwheel's modules";
    }
  };

  private static List<Path> cogDirectories(String kind) {
    try (Stream<Path> cogs = Files.list(PLUGINS)) {
      List<Path> directories = cogs.map(cog -> cog.resolve("target").resolve(kind)).filter(Files::isDirectory).toList();
      if (directories.isEmpty()) {
        throw new IllegalStateException("No built cog under " + PLUGINS.toAbsolutePath() + "/*/target/" + kind
            + ": run the tests from the root (./mvnw verify), which builds the cogs first.");
      }
      return directories;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
