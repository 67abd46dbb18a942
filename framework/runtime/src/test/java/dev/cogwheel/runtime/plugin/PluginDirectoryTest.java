package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.testutil.PluginJars;
import dev.cogwheel.storage.spi.migration.MigrationSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDirectoryTest {

  @TempDir
  Path plugins;

  @Test
  void readsIdAndDependenciesFromPluginPropertiesOrTheManifest() {
    Path economy = PluginJars.jar(plugins.resolve("economy-2.0.jar"), null, Map.of(
        "plugin.properties", "plugin.id=economy\nplugin.version=2.0.0\nplugin.dependencies=core, xp@>=1.0, stats?\n"));
    Path xp = PluginJars.jar(plugins.resolve("xp-1.0.jar"),
        Map.of("Plugin-Id", "xp", "Plugin-Version", "1.0.0"), Map.of("db/changelog/xp/changelog.yaml", "databaseChangeLog: []\n"));

    PluginDirectory.Scan scan = new PluginDirectory().scan(plugins);

    assertThat(scan.problems()).isEmpty();
    assertThat(scan.sources()).containsExactly(
        new MigrationSource("xp", xp, List.of()),
        new MigrationSource("economy", economy, List.of("core", "xp", "stats")));
  }

  @Test
  void migrationSourcesComeInTheStartOrderDependenciesFirstNotInFileNameOrder() {
    PluginJars.jar(plugins.resolve("a-shop.jar"), null, Map.of("plugin.properties", "plugin.id=shop\nplugin.version=1.0.0\nplugin.dependencies=wallet\n"));
    PluginJars.jar(plugins.resolve("b-wallet.jar"), null, Map.of("plugin.properties", "plugin.id=wallet\nplugin.version=1.0.0\nplugin.dependencies=ledger\n"));
    PluginJars.jar(plugins.resolve("c-ledger.jar"), null, Map.of("plugin.properties", "plugin.id=ledger\nplugin.version=1.0.0\n"));
    PluginJars.jar(plugins.resolve("d-alone.jar"), null, Map.of("plugin.properties", "plugin.id=alone\nplugin.version=1.0.0\n"));

    assertThat(new PluginDirectory().scan(plugins).sources()).extracting(MigrationSource::pluginId)
        .containsExactly("alone", "ledger", "wallet", "shop");
  }

  @Test
  void aJarWithoutADescriptorIsReportedByNameAndLeftOut() {
    PluginJars.plugin(plugins, "good", "databaseChangeLog: []\n");
    Path plain = PluginJars.jar(plugins.resolve("library.jar"), Map.of("Created-By", "test"), Map.of("a.txt", "a"));
    Path bare = PluginJars.jar(plugins.resolve("bare.jar"), null, Map.of("a.txt", "a"));

    PluginDirectory.Scan scan = new PluginDirectory().scan(plugins);

    assertThat(scan.sources()).extracting(MigrationSource::pluginId).containsExactly("good");
    assertThat(scan.problems()).containsExactly(
        "skipped " + bare + ": no readable plugin descriptor (a plugin needs plugin.properties with plugin.id,"
            + " or META-INF/MANIFEST.MF with Plugin-Id)",
        "skipped " + plain + ": no readable plugin descriptor (a plugin needs plugin.properties with plugin.id,"
            + " or META-INF/MANIFEST.MF with Plugin-Id)");
  }

  @Test
  void aFileThatIsNotAZipIsReportedToo() throws Exception {
    Path corrupt = Files.writeString(plugins.resolve("corrupt.jar"), "not a zip");

    assertThat(new PluginDirectory().scan(plugins).problems()).singleElement().asString().startsWith("skipped " + corrupt);
  }

  @Test
  void aDevelopmentPluginDirectoryUsesItsBuiltClasses() throws Exception {
    Path project = Files.createDirectories(plugins.resolve("tempvc"));
    Files.writeString(project.resolve("plugin.properties"), "plugin.id=tempvc\nplugin.version=0.1.0\n");
    Path classes = Files.createDirectories(project.resolve("target/classes/db/changelog/tempvc")).getParent().getParent().getParent();
    Files.createDirectories(plugins.resolve("notes"));

    PluginDirectory.Scan scan = new PluginDirectory().scan(plugins);

    assertThat(scan.problems()).isEmpty();
    assertThat(scan.sources()).containsExactly(new MigrationSource("tempvc", classes, List.of()));
  }

  @Test
  void twoJarsWithOneIdAreBothLeftOut() {
    PluginJars.plugin(plugins, "xp", "databaseChangeLog: []\n");
    PluginJars.jar(plugins.resolve("xp-0.9.jar"), Map.of("Plugin-Id", "xp"), Map.of());

    PluginDirectory.Scan scan = new PluginDirectory().scan(plugins);

    assertThat(scan.sources()).isEmpty();
    assertThat(scan.problems()).singleElement().asString().startsWith("skipped plugin xp: ")
        .contains("xp-0.9.jar").contains("xp-1.0.0.jar").contains("keep one of them");
  }

  @Test
  void aMissingDirectoryHoldsNoPlugins() {
    PluginDirectory.Scan scan = new PluginDirectory().scan(plugins.resolve("absent"));

    assertThat(scan.sources()).isEmpty();
    assertThat(scan.problems()).isEmpty();
  }
}
