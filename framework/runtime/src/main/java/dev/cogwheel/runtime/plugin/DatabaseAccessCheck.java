package dev.cogwheel.runtime.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The load-time check that a plugin does not reach the database around its StorageService: every
 * class file of the plugin is read, and each reference to {@code java.sql.DriverManager},
 * {@code javax.sql.DataSource} or {@code java.sql.Connection} (in a signature, a field, a local, a call,
 * a cast or a constant) is reported with the class and member that holds it.
 *
 * <p>Stateless and thread-safe.
 */
final class DatabaseAccessCheck {

  /** The types a plugin may not name without the operator's approval, by internal name. */
  static final Map<String, String> FORBIDDEN = Map.of(
      "java/sql/DriverManager", "java.sql.DriverManager",
      "javax/sql/DataSource", "javax.sql.DataSource",
      "java/sql/Connection", "java.sql.Connection");

  /**
   * One place where a plugin class names a forbidden type.
   *
   * @param className the plugin class, binary name
   * @param member the method or field name, or {@code <class>} for the class's own signature
   * @param type the forbidden type
   */
  record Finding(String className, String member, String type) {
    @Override
    public String toString() {
      return className + "." + member + " references " + type;
    }
  }

  /**
   * Checks a plugin jar, or a development plugin's class directories.
   *
   * @param locations a jar, or directories of class files
   * @return every finding, in file order; empty when the plugin does not reach the database itself
   * @throws UncheckedIOException if a file cannot be read
   */
  List<Finding> check(List<Path> locations) {
    List<Finding> findings = new ArrayList<>();
    for (Path location : locations) {
      try {
        if (Files.isDirectory(location)) {
          try (Stream<Path> files = Files.walk(location)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
              try (InputStream in = Files.newInputStream(file)) {
                scan(in, findings);
              }
            }
          }
        } else if (Files.isRegularFile(location)) {
          try (JarFile jar = new JarFile(location.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
              JarEntry entry = entries.nextElement();
              if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                try (InputStream in = jar.getInputStream(entry)) {
                  scan(in, findings);
                }
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the classes of " + location + ": " + e.getMessage(), e);
      }
    }
    return findings;
  }

  private static void scan(InputStream classFile, List<Finding> findings) throws IOException {
    ClassReader reader;
    try {
      reader = new ClassReader(classFile);
    } catch (IllegalArgumentException e) {
      throw new IOException("a class file is not valid: " + e.getMessage(), e);
    }
    String className = reader.getClassName().replace('/', '.');
    Set<Finding> found = new LinkedHashSet<>();
    String[] member = {"<class>"};
    Remapper recorder = new Remapper() {
      @Override
      public String map(String internalName) {
        String forbidden = FORBIDDEN.get(internalName);
        if (forbidden != null) {
          found.add(new Finding(className, member[0], forbidden));
        }
        return internalName;
      }
    };
    // The remapper sees a method's code only if the visitor below it asks for the code.
    ClassVisitor discard = new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {};
      }

      @Override
      public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        return new FieldVisitor(Opcodes.ASM9) {};
      }
    };
    reader.accept(new ClassRemapper(discard, recorder) {
      @Override
      public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        member[0] = name;
        return super.visitField(access, name, descriptor, signature, value);
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        member[0] = name;
        return super.visitMethod(access, name, descriptor, signature, exceptions);
      }
    }, 0);
    findings.addAll(found);
  }
}
