package dev.cogwheel.runtime.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The parent of every plugin class loader: the JDK (through the platform class loader) and, from the
 * host, only the SDK's packages: cogwheel-api, cogwheel-storage-api (without the host-only
 * {@code migration} package), JDA, SLF4J and PF4J. Everything else of the host (the JDBC driver,
 * HikariCP, MyBatis, Liquibase, the runtime and storage-postgres, their resources and service files)
 * is not found, so a plugin cannot reach it even by reflection.
 *
 * <p>One instance serves every plugin; it holds no plugin class. Thread-safe.
 */
public final class SdkClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  /** Package prefixes (with their trailing dot) a plugin sees with all their subpackages. */
  private static final List<String> OPEN_PREFIXES = List.of("dev.cogwheel.api.", "net.dv8tion.jda.", "org.slf4j.", "org.pf4j.");

  /** The storage SPI's packages; its {@code migration} package is the host's. */
  private static final Set<String> STORAGE_PACKAGES = Set.of("dev.cogwheel.storage", "dev.cogwheel.storage.config",
      "dev.cogwheel.storage.ephemeral", "dev.cogwheel.storage.privacy", "dev.cogwheel.storage.state",
      "dev.cogwheel.storage.table");

  private final ClassLoader host;

  /**
   * Creates the loader.
   *
   * @param host the host's class loader, which has the SDK on its class path
   */
  public SdkClassLoader(ClassLoader host) {
    super("cogwheel-sdk", ClassLoader.getPlatformClassLoader());
    this.host = Objects.requireNonNull(host, "host");
  }

  /**
   * Whether a class of the host is visible to plugins.
   *
   * @param className a binary class name
   * @return true for the SDK's classes
   */
  public static boolean isSdkClass(String className) {
    int lastDot = className.lastIndexOf('.');
    String pkg = lastDot < 0 ? "" : className.substring(0, lastDot);
    return STORAGE_PACKAGES.contains(pkg) || OPEN_PREFIXES.stream().anyMatch(p -> (pkg + '.').startsWith(p));
  }

  /**
   * Whether a resource of the host is visible to plugins: only those inside SDK packages.
   *
   * @param name a resource name, {@code a/b/c.txt}
   * @return true for resources of the SDK's packages
   */
  static boolean isSdkResource(String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    int lastSlash = path.lastIndexOf('/');
    if (lastSlash < 0) {
      return false;
    }
    return isSdkClass(path.substring(0, lastSlash).replace('/', '.') + ".Resource");
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (!isSdkClass(name)) {
      throw new ClassNotFoundException(name + " is not visible to plugins: a plugin sees the JDK and the SDK"
          + " (cogwheel-api, cogwheel-storage-api, JDA, SLF4J, PF4J); bundle other libraries in the plugin's jar.");
    }
    return host.loadClass(name);
  }

  @Override
  protected URL findResource(String name) {
    return isSdkResource(name) ? host.getResource(name) : null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return isSdkResource(name) ? host.getResources(name) : Collections.emptyEnumeration();
  }
}
