package dev.cogwheel.runtime.plugin;

import dev.cogwheel.storage.spi.migration.MigrationSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;

/**
 * Finds the plugins of an instance: every {@code *.jar} in the plugins directory, and every directory
 * there that holds a plugin descriptor (a development plugin: a module directory whose build wrote
 * {@code target/classes}, or a class directory itself). A candidate whose descriptor cannot be read,
 * or two candidates with one id, are reported and left out.
 *
 * <p>Stateless and thread-safe.
 */
public final class PluginDirectory {

  /** The places inside a development plugin directory where its built classes and resources are. */
  private static final List<String> CLASS_DIRECTORIES = List.of("target/classes", "classes", "");

  /** The places inside a development plugin directory where the jars it bundles are. */
  private static final List<String> LIB_DIRECTORIES = List.of("target/lib", "lib");

  private static final String DESCRIPTOR_HINT =
      "a plugin needs plugin.properties with plugin.id, or META-INF/MANIFEST.MF with Plugin-Id";

  /**
   * A plugin found in the directory.
   *
   * @param file the jar or development directory, as found
   * @param descriptor its descriptor
   * @param classpath what its class loader reads: the jar, or the class directory and bundled jars
   * @param resources where its changelog is: the jar, or the class directory
   */
  public record Candidate(Path file, CogwheelDescriptor descriptor, List<Path> classpath, Path resources) {

    /** Checks the candidate. */
    public Candidate {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(descriptor, "descriptor");
      classpath = List.copyOf(classpath);
      Objects.requireNonNull(resources, "resources");
    }

    /**
     * The plugin's id.
     *
     * @return the id
     */
    public String id() {
      return descriptor.getPluginId();
    }

    /**
     * The plugin's migration source: its changelog under {@code db/changelog/<id>/}, after those of its
     * dependencies.
     *
     * @return the source
     */
    public MigrationSource migrationSource() {
      return new MigrationSource(id(), resources,
          descriptor.getDependencies().stream().map(PluginDependency::getPluginId).toList());
    }
  }

  /**
   * What a scan found.
   *
   * @param plugins the plugins, in file name order
   * @param problems one line per candidate left out, naming its file
   */
  public record Scan(List<Candidate> plugins, List<String> problems) {

    /** Copies the lists. */
    public Scan {
      plugins = List.copyOf(plugins);
      problems = List.copyOf(problems);
    }

    /**
     * The plugins' migration sources, in the order the host starts the plugins: dependencies first
     * ({@link DependencyOrder}), so {@code cogwheel db} applies changesets in the same order as a start.
     *
     * @return one source per plugin, dependencies first
     */
    public List<MigrationSource> sources() {
      Map<String, Candidate> byId = plugins.stream().collect(Collectors.toMap(Candidate::id, c -> c));
      DependencyOrder order = DependencyOrder.of(byId.values().stream().collect(Collectors.toMap(Candidate::id, Candidate::descriptor)));
      return order.ordered().stream().map(id -> byId.get(id).migrationSource()).toList();
    }
  }

  private final PluginDescriptorFinder finder = new CompoundPluginDescriptorFinder()
      .add(new CogwheelDescriptor.PropertiesFinder())
      .add(new CogwheelDescriptor.ManifestFinder());

  /** Creates the scanner. */
  public PluginDirectory() {
  }

  /**
   * Scans a plugins directory.
   *
   * @param directory the directory; a missing one holds no plugins
   * @return the plugins found and the candidates left out
   */
  public Scan scan(Path directory) {
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
      try {
        Candidate candidate = read(entry);
        byId.computeIfAbsent(candidate.id(), k -> new ArrayList<>()).add(candidate);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    List<Candidate> plugins = new ArrayList<>();
    byId.forEach((id, candidates) -> {
      if (candidates.size() == 1) {
        plugins.add(candidates.get(0));
      } else {
        problems.add("skipped plugin " + id + ": " + candidates.stream().map(c -> c.file().toString()).toList()
            + " all have plugin id " + id + "; keep one of them in the plugins directory");
      }
    });
    return new Scan(plugins, problems);
  }

  /**
   * Reads one plugin: a jar, or a development directory.
   *
   * @param entry the jar or directory
   * @return the candidate
   * @throws IllegalArgumentException naming the file when it holds no readable descriptor
   */
  public Candidate read(Path entry) {
    PluginDescriptor descriptor;
    try {
      descriptor = Files.isDirectory(entry) ? findInDirectory(entry) : finder.find(entry);
    } catch (RuntimeException e) {
      descriptor = null;
    }
    if (!(descriptor instanceof CogwheelDescriptor cogwheel) || descriptor.getPluginId() == null
        || descriptor.getPluginId().isBlank()) {
      throw new IllegalArgumentException("skipped " + entry + ": no readable plugin descriptor (" + DESCRIPTOR_HINT + ")");
    }
    if (Files.isDirectory(entry)) {
      Path classes = classDirectory(entry);
      List<Path> classpath = new ArrayList<>();
      classpath.add(classes);
      classpath.addAll(bundledJars(entry));
      return new Candidate(entry, cogwheel, classpath, classes);
    }
    return new Candidate(entry, cogwheel, List.of(entry), entry);
  }

  /** The descriptor of a development directory: at its root, else in its built classes. */
  private PluginDescriptor findInDirectory(Path directory) {
    for (String sub : List.of("", "target/classes", "classes")) {
      Path candidate = directory.resolve(sub);
      if (Files.isRegularFile(candidate.resolve("plugin.properties"))
          || Files.isRegularFile(candidate.resolve("META-INF/MANIFEST.MF"))) {
        return finder.find(candidate);
      }
    }
    return null;
  }

  /** A development plugin directory: a descriptor at its root or in its built classes. */
  private static boolean looksLikePlugin(Path directory) {
    return Stream.of("", "target/classes", "classes").map(directory::resolve)
        .anyMatch(d -> Files.isRegularFile(d.resolve("plugin.properties")) || Files.isRegularFile(d.resolve("META-INF/MANIFEST.MF")));
  }

  /** Where a development plugin's classes and resources are: its built classes, else the directory itself. */
  private static Path classDirectory(Path directory) {
    return CLASS_DIRECTORIES.stream().map(directory::resolve)
        .filter(d -> !d.equals(directory) && Files.isDirectory(d))
        .findFirst()
        .orElse(directory);
  }

  private static List<Path> bundledJars(Path directory) {
    List<Path> jars = new ArrayList<>();
    for (String lib : LIB_DIRECTORIES) {
      Path dir = directory.resolve(lib);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
        } catch (IOException e) {
          throw new IllegalArgumentException("skipped " + directory + ": cannot list " + dir + ": " + e.getMessage(), e);
        }
      }
    }
    return jars;
  }
}
