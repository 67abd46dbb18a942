package dev.cogwheel.runtime.plugin.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads every class file a plugin's class loader could define: each {@code .class} entry of a jar or
 * class directory, those under {@code META-INF/versions/<n>/} (a multi-release jar's) included,
 * whatever the manifest says. What a class loader could not read and a plugin could only define at
 * run time is refused rather than skipped: a jar inside the jar, and a class file under another name
 * (see {@link Rule#PACKAGING}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PluginClassFiles {

  /** Where a multi-release jar keeps the classes of later Java versions. */
  static final String VERSIONS = "META-INF/versions/";

  private static final int ZIP_MAGIC = 0x504B0304;
  private static final int CLASS_MAGIC = 0xCAFEBABE;

  /**
   * One class file.
   *
   * @param entry its name in the jar or directory ({@code dev/example/Main.class})
   * @param bytes its content
   */
  public record ClassFile(String entry, byte[] bytes) {}

  /**
   * What a plugin's locations hold.
   *
   * @param classes every class file
   * @param findings what is refused about the packing itself
   */
  public record Contents(List<ClassFile> classes, List<Finding> findings) {

    /** Copies the lists. */
    public Contents {
      classes = List.copyOf(classes);
      findings = List.copyOf(findings);
    }
  }

  /**
   * Reads a plugin jar, or a development plugin's class directory and bundled jars.
   *
   * @param locations the jar, or the class directories and jars
   * @return the class files and the findings about how they are packed
   * @throws UncheckedIOException if a file cannot be read
   */
  public Contents read(List<Path> locations) {
    List<ClassFile> classes = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (Path location : locations) {
      try {
        if (Files.isDirectory(location)) {
          readDirectory(location, locations, classes, findings);
        } else if (Files.isRegularFile(location)) {
          readJar(location, classes, findings);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the classes of " + location + ": " + e.getMessage(), e);
      }
    }
    return new Contents(classes, findings);
  }

  private static void readDirectory(Path directory, List<Path> locations, List<ClassFile> classes, List<Finding> findings)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      // A bundled jar that is itself one of the locations is read as a jar of its own, not refused as nested.
      files = walk.filter(Files::isRegularFile).filter(f -> !locations.contains(f)).sorted().toList();
    }
    for (Path file : files) {
      String entry = directory.relativize(file).toString().replace('\\', '/');
      if (entry.endsWith(".class")) {
        classes.add(new ClassFile(entry, Files.readAllBytes(file)));
      } else {
        try (InputStream in = Files.newInputStream(file)) {
          inspect(entry, in, findings);
        }
      }
    }
  }

  private static void readJar(Path jarFile, List<ClassFile> classes, List<Finding> findings) throws IOException {
    try (JarFile jar = new JarFile(jarFile.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          if (entry.getName().endsWith(".class")) {
            classes.add(new ClassFile(entry.getName(), in.readAllBytes()));
          } else {
            inspect(entry.getName(), in, findings);
          }
        }
      }
    }
  }

  /** Refuses a resource that is a jar or a class file under another name: only a class loader made at run time could use it. */
  private static void inspect(String entry, InputStream in, List<Finding> findings) throws IOException {
    byte[] head = in.readNBytes(4);
    int magic = head.length == 4 ? ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF) : 0;
    String lower = entry.toLowerCase(Locale.ROOT);
    if (magic == ZIP_MAGIC || lower.endsWith(".jar") || lower.endsWith(".zip") || lower.endsWith(".war")) {
      findings.add(new Finding(entry, "is a jar or zip inside the plugin; its classes would be neither read by the check"
          + " nor loadable without a class loader of the plugin's own", Rule.PACKAGING, entry));
    } else if (magic == CLASS_MAGIC) {
      findings.add(new Finding(entry, "is a class file under another name; only a class loader of the plugin's own could"
          + " define it", Rule.PACKAGING, entry));
    }
  }
}
