package dev.cogwheel.runtime.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds real plugins for tests, as a plugin author's build would: Java sources compiled against the
 * test class path (which holds the SDK), a {@code plugin.properties}, resources such as a changelog,
 * packed as a jar or laid out as a development directory ({@code <dir>/target/classes}).
 */
public final class PluginBuilder {

  private final String id;
  private String version = "1.0.0";
  private String pluginClass;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, String> resources = new LinkedHashMap<>();
  private final Map<String, byte[]> rawEntries = new LinkedHashMap<>();
  private final Map<Integer, Map<String, String>> versionedSources = new LinkedHashMap<>();
  private final List<Path> compileClasspath = new ArrayList<>();

  private PluginBuilder(String id) {
    this.id = id;
  }

  /**
   * Starts a plugin.
   *
   * @param id its id
   * @return the builder
   */
  public static PluginBuilder plugin(String id) {
    return new PluginBuilder(id);
  }

  public PluginBuilder version(String version) {
    this.version = version;
    return this;
  }

  /** Sets {@code plugin.dependencies}, as written in a descriptor. */
  public PluginBuilder dependencies(String dependencies) {
    properties.put("plugin.dependencies", dependencies);
    return this;
  }

  /** Sets any other descriptor property. */
  public PluginBuilder property(String name, String value) {
    properties.put(name, value);
    return this;
  }

  /**
   * Adds the plugin's main class: a {@code Cog} whose {@code start} body is given.
   *
   * @param startBody statements with {@code context} in scope; may throw
   * @return the builder
   */
  public PluginBuilder cog(String startBody) {
    return cog(startBody, "");
  }

  /**
   * Adds the plugin's main class with a start body and further members.
   *
   * @param startBody statements with {@code context} in scope
   * @param members further fields and methods of the class
   * @return the builder
   */
  public PluginBuilder cog(String startBody, String members) {
    String pkg = "dev.example." + id;
    pluginClass = pkg + ".Main";
    return source(pluginClass, """
        package %s;

        import dev.cogwheel.api.command.*;
        import dev.cogwheel.api.plugin.*;
        import java.time.Duration;
        import java.util.*;

        public final class Main implements Cog {
          public void start(PluginContext context) throws Exception {
            %s
          }
          %s
        }
        """.formatted(pkg, startBody, members));
  }

  /** Compiles against another plugin's jar too (for a dependency's classes). */
  public PluginBuilder compileAgainst(Path jar) {
    compileClasspath.add(jar);
    return this;
  }

  /** Adds a Java source file. */
  public PluginBuilder source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /**
   * Adds a Java source compiled into {@code META-INF/versions/<version>/}, as a multi-release jar holds
   * the classes of a later Java version; the jar's manifest says {@code Multi-Release: true}.
   */
  public PluginBuilder versionedSource(int version, String className, String code) {
    versionedSources.computeIfAbsent(version, v -> new LinkedHashMap<>()).put(className, code);
    return this;
  }

  /** Adds an entry with the given bytes as it is: a nested jar, a class file made with ASM. */
  public PluginBuilder entry(String path, byte[] content) {
    rawEntries.put(path, content);
    return this;
  }

  /** Adds a resource file. */
  public PluginBuilder resource(String path, String content) {
    resources.put(path, content);
    return this;
  }

  /** Adds a changelog under db/changelog/{id}/changelog.yaml. */
  public PluginBuilder changelog(String yaml) {
    return resource("db/changelog/" + id + "/changelog.yaml", yaml);
  }

  /**
   * Builds the plugin as a jar in a directory, replacing any other jar of the same id there, as an
   * operator installing a new version does.
   *
   * @param directory the plugins directory
   * @return the jar
   */
  public Path jar(Path directory) {
    Path jar = directory.resolve(id + "-" + version + ".jar");
    Map<String, byte[]> entries = entries();
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, "." + id, ".tmp");
      try (OutputStream os = Files.newOutputStream(temp); JarOutputStream out = new JarOutputStream(os)) {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
          out.putNextEntry(new JarEntry(entry.getKey()));
          out.write(entry.getValue());
          out.closeEntry();
        }
      }
      // Replaced in one step, as an operator's copy of a new version would be.
      Files.move(temp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      try (Stream<Path> others = Files.list(directory)) {
        for (Path other : others.filter(p -> !p.equals(jar) && p.getFileName().toString().startsWith(id + "-")
            && p.getFileName().toString().endsWith(".jar")).toList()) {
          Files.delete(other);
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Builds the plugin as a development directory: {@code <directory>/<id>/target/classes}.
   *
   * @param directory the plugins directory
   * @return the plugin's directory
   */
  public Path developmentDirectory(Path directory) {
    Path root = directory.resolve(id);
    Path classes = root.resolve("target/classes");
    try {
      for (Map.Entry<String, byte[]> entry : entries().entrySet()) {
        Path file = classes.resolve(entry.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, entry.getValue());
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, byte[]> entries() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    StringBuilder descriptor = new StringBuilder()
        .append("plugin.id=").append(id).append('\n')
        .append("plugin.version=").append(version).append('\n');
    if (pluginClass != null) {
      descriptor.append("plugin.class=").append(pluginClass).append('\n');
    }
    properties.forEach((k, v) -> descriptor.append(k).append('=').append(v).append('\n'));
    entries.put("plugin.properties", descriptor.toString().getBytes(StandardCharsets.UTF_8));
    entries.putAll(compile(sources));
    versionedSources.forEach((version, code) -> compile(code).forEach((path, bytes) ->
        entries.put("META-INF/versions/" + version + "/" + path, bytes)));
    if (!versionedSources.isEmpty()) {
      entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMulti-Release: true\n".getBytes(StandardCharsets.UTF_8));
    }
    resources.forEach((path, content) -> entries.put(path, content.getBytes(StandardCharsets.UTF_8)));
    entries.putAll(rawEntries);
    return entries;
  }

  private Map<String, byte[]> compile(Map<String, String> sources) {
    if (sources.isEmpty()) {
      return Map.of();
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    try {
      Path out = Files.createTempDirectory("cogwheel-plugin-" + id);
      try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
        files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
            java.net.URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
          }
        }));
        StringWriter errors = new StringWriter();
        StringBuilder classpath = new StringBuilder(System.getProperty("java.class.path"));
        compileClasspath.forEach(p -> classpath.append(java.io.File.pathSeparator).append(p));
        List<String> options = List.of("-classpath", classpath.toString(), "--release", "17", "-proc:none");
        if (!compiler.getTask(errors, files, null, options, null, units).call()) {
          throw new IllegalStateException("plugin " + id + " does not compile:\n" + errors);
        }
      }
      Map<String, byte[]> classes = new LinkedHashMap<>();
      try (Stream<Path> walk = Files.walk(out)) {
        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
          classes.put(out.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
      try (Stream<Path> walk = Files.walk(out)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
