package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.spi.migration.MigrationSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A fixture plugin as PF4J loads it: a {@code plugin.properties} descriptor and the changelog files
 * under {@code db/changelog/<id>/}, written either as a real jar or as a classes directory.
 *
 * <pre>{@code
 * Path jar = PluginFixture.of("xp").changelog(yaml).file("data.sql", sql).jar(tempDir);
 * migrations.register(MigrationSource.of("xp", jar));
 * }</pre>
 */
final class PluginFixture {

  private final String id;
  private final List<String> dependsOn;
  private final Map<String, String> files = new LinkedHashMap<>();
  private String version = "1.0.0";

  private PluginFixture(String id, List<String> dependsOn) {
    this.id = id;
    this.dependsOn = List.copyOf(dependsOn);
  }

  static PluginFixture of(String id, String... dependsOn) {
    return new PluginFixture(id, List.of(dependsOn));
  }

  /** Sets the root changelog, {@code db/changelog/<id>/changelog.yaml}. */
  PluginFixture changelog(String yaml) {
    return file("changelog.yaml", yaml);
  }

  /** Adds a file under {@code db/changelog/<id>/}. */
  PluginFixture file(String relativePath, String content) {
    files.put(relativePath, content);
    return this;
  }

  PluginFixture version(String version) {
    this.version = version;
    return this;
  }

  /** Writes {@code <dir>/<id>-<version>.jar} with a manifest, directory entries, the descriptor and the changelog. */
  Path jar(Path dir) {
    Path jar = dir.resolve(id + "-" + version + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Plugin-Id", id);
    manifest.getMainAttributes().putValue("Plugin-Version", version);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
      Set<String> directories = new LinkedHashSet<>();
      for (Map.Entry<String, String> file : entries().entrySet()) {
        String name = file.getKey();
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
          String directory = name.substring(0, slash + 1);
          if (directories.add(directory)) {
            zip.putNextEntry(new JarEntry(directory));
            zip.closeEntry();
          }
        }
        zip.putNextEntry(new JarEntry(name));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  /** Writes the same files into {@code <dir>/<id>-classes/}, as a plugin run from an IDE or a build's target/classes. */
  Path classesDirectory(Path dir) {
    Path classes = dir.resolve(id + "-classes");
    try {
      for (Map.Entry<String, String> file : entries().entrySet()) {
        Path target = classes.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return classes;
  }

  /** The source of this plugin's jar written into {@code dir}. */
  MigrationSource jarSource(Path dir) {
    return new MigrationSource(id, jar(dir), dependsOn);
  }

  /** The source of this plugin's classes directory written into {@code dir}. */
  MigrationSource classesDirectorySource(Path dir) {
    return new MigrationSource(id, classesDirectory(dir), dependsOn);
  }

  private Map<String, String> entries() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("plugin.properties", "plugin.id=" + id + "\nplugin.version=" + version + "\nplugin.class=dev.cogwheel.fixture."
        + id + ".Plugin\nplugin.requires=*\nplugin.dependencies=" + String.join(",", dependsOn) + "\n");
    files.forEach((path, content) -> entries.put("db/changelog/" + id + "/" + path, content));
    return entries;
  }
}
