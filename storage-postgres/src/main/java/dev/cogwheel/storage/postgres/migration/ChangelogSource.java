package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.core.CoreSchema;
import dev.cogwheel.storage.spi.migration.MigrationSource;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * One changelog the engine applies: the core's from the class path, or a plugin's read from its jar or
 * classes directory.
 *
 * @param name {@link SchemaMigrations#CORE} or the plugin id
 * @param rootPath the logical path of the root changelog, or null when the plugin ships none
 * @param accessor serves the changelog's files
 * @param tablePrefix the prefix every table it touches must have
 * @param dependsOn the sources that apply before it
 */
record ChangelogSource(String name, String rootPath, ResourceAccessor accessor, String tablePrefix, List<String> dependsOn) {

  private static final List<String> ROOT_NAMES = List.of("changelog.yaml", "changelog.yml", "changelog.xml", "changelog.json");

  static ChangelogSource core() {
    return new ChangelogSource(SchemaMigrations.CORE, CoreSchema.CHANGELOG,
        new ClassLoaderResourceAccessor(CoreSchema.class.getClassLoader()), "cogwheel_", List.of());
  }

  /**
   * Reads a plugin's changelog files under {@code db/changelog/<id>/} of its jar or directory.
   *
   * @throws StorageInvalidException if the location cannot be read
   */
  static ChangelogSource plugin(MigrationSource source) {
    String id = source.pluginId();
    String physicalPrefix = "db/changelog/" + id + "/";
    String logicalPrefix = "plugins/" + id + "/";
    Map<String, byte[]> files = new TreeMap<>();
    Path location = source.location();
    try {
      if (Files.isDirectory(location)) {
        Path dir = location.resolve(physicalPrefix);
        if (Files.isDirectory(dir)) {
          try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
              files.put(logicalPrefix + dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
          }
        }
      } else if (Files.isRegularFile(location)) {
        try (ZipFile zip = new ZipFile(location.toFile())) {
          Enumeration<? extends ZipEntry> entries = zip.entries();
          while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (!entry.isDirectory() && entry.getName().startsWith(physicalPrefix)) {
              files.put(logicalPrefix + entry.getName().substring(physicalPrefix.length()),
                  zip.getInputStream(entry).readAllBytes());
            }
          }
        }
      } else {
        throw new StorageInvalidException("plugin " + id + ": its location " + location + " is neither a jar nor a"
            + " classes directory, so its changelog cannot be read.");
      }
    } catch (IOException e) {
      throw new StorageInvalidException("plugin " + id + ": cannot read its changelog from " + location + ": "
          + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new StorageInvalidException("plugin " + id + ": cannot read its changelog from " + location + ": "
          + e.getCause().getMessage(), e);
    }
    String root = ROOT_NAMES.stream().map(n -> logicalPrefix + n).filter(files::containsKey).findFirst().orElse(null);
    return new ChangelogSource(id, root, new MemoryResourceAccessor(location.toString(), files), id + "_",
        source.dependsOn());
  }

  String label() {
    return name.equals(SchemaMigrations.CORE) ? "cogwheel-core" : "plugin-" + name;
  }

  /** Whether a recorded changelog file name belongs to this source. */
  boolean owns(String fileName) {
    return MemoryResourceAccessor.normalize(fileName).startsWith(ownPath());
  }

  /** The path prefix its changesets are recorded under. */
  String ownPath() {
    return name.equals(SchemaMigrations.CORE) ? "db/changelog/cogwheel/" : "plugins/" + name + "/";
  }

  /** The source a recorded changelog file name belongs to. */
  static String sourceOf(String fileName) {
    String normalized = MemoryResourceAccessor.normalize(fileName);
    if (normalized.startsWith("plugins/")) {
      int end = normalized.indexOf('/', "plugins/".length());
      return end < 0 ? normalized : normalized.substring("plugins/".length(), end);
    }
    return SchemaMigrations.CORE;
  }
}
