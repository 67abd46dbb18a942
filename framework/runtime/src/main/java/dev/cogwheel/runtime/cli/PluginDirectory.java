package dev.cogwheel.runtime.cli;

import dev.cogwheel.storage.migration.MigrationSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PropertiesPluginDescriptorFinder;

/**
 * Finds the plugins of an instance, as PF4J does, for the migration sources they bring: every
 * {@code *.jar} in the plugins directory, and every directory there that holds a plugin descriptor
 * (a development plugin). A candidate whose descriptor cannot be read is reported and left out.
 */
final class PluginDirectory {

  /** The places inside a development plugin directory where its built resources are. */
  private static final List<String> CLASS_DIRECTORIES = List.of("", "target/classes", "classes");

  private static final String DESCRIPTOR_HINT =
      "a plugin needs plugin.properties with plugin.id, or META-INF/MANIFEST.MF with Plugin-Id";

  /**
   * What a scan found.
   *
   * @param sources the plugins' migration sources, in file name order
   * @param problems one line per candidate left out, naming its file
   */
  record Scan(List<MigrationSource> sources, List<String> problems) {

    Scan {
      sources = List.copyOf(sources);
      problems = List.copyOf(problems);
    }
  }

  private record Candidate(Path file, MigrationSource source) {}

  private final PluginDescriptorFinder finder = new CompoundPluginDescriptorFinder()
      .add(new PropertiesPluginDescriptorFinder())
      .add(new ManifestPluginDescriptorFinder());

  /**
   * Scans a plugins directory.
   *
   * @param directory the directory; a missing one holds no plugins
   * @return the sources found and the candidates left out
   */
  Scan scan(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      return new Scan(List.of(), List.of());
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(directory)) {
      entries = list.sorted().toList();
    } catch (IOException e) {
      return new Scan(List.of(), List.of("cannot list the plugins directory " + directory + ": " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<Candidate>> byId = new LinkedHashMap<>();
    for (Path entry : entries) {
      boolean jar = Files.isRegularFile(entry) && entry.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
      if (!jar && !(Files.isDirectory(entry) && looksLikePlugin(entry))) {
        continue;
      }
      PluginDescriptor descriptor;
      try {
        descriptor = finder.find(entry);
      } catch (RuntimeException e) {
        descriptor = null;
      }
      if (descriptor == null || descriptor.getPluginId() == null || descriptor.getPluginId().isBlank()) {
        problems.add("skipped " + entry + ": no readable plugin descriptor (" + DESCRIPTOR_HINT + ")");
        continue;
      }
      String id = descriptor.getPluginId().trim();
      List<String> dependencies = descriptor.getDependencies().stream().map(PluginDependency::getPluginId).toList();
      Path location = jar ? entry : classDirectory(entry, id);
      byId.computeIfAbsent(id, k -> new ArrayList<>()).add(new Candidate(entry, new MigrationSource(id, location, dependencies)));
    }
    List<MigrationSource> sources = new ArrayList<>();
    byId.forEach((id, candidates) -> {
      if (candidates.size() == 1) {
        sources.add(candidates.get(0).source());
      } else {
        problems.add("skipped plugin " + id + ": " + candidates.stream().map(c -> c.file().toString()).toList()
            + " all have plugin id " + id + "; keep one of them in the plugins directory");
      }
    });
    return new Scan(sources, problems);
  }

  /** A development plugin directory: a descriptor at its root or in its built classes. */
  private static boolean looksLikePlugin(Path directory) {
    if (Files.isRegularFile(directory.resolve("plugin.properties"))) {
      return true;
    }
    return CLASS_DIRECTORIES.stream().anyMatch(d -> Files.isRegularFile(directory.resolve(d).resolve("META-INF/MANIFEST.MF")));
  }

  /** Where a development plugin's changelog is: the directory itself, else its built classes. */
  private static Path classDirectory(Path directory, String id) {
    return CLASS_DIRECTORIES.stream().map(directory::resolve)
        .filter(d -> Files.isDirectory(d.resolve("db/changelog").resolve(id)))
        .findFirst()
        .orElse(directory);
  }
}
