package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.spi.StorageBackend;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import net.dv8tion.jda.api.JDA;
import org.pf4j.Plugin;
import org.slf4j.Logger;

/**
 * The parent of every plugin class loader: the JDK (through the platform class loader) and, from the
 * host, exactly the classes and resources of the SDK's artifacts: cogwheel-api, cogwheel-storage-api,
 * JDA, SLF4J's API and PF4J. Whatever else is on the host's class path (the JDBC driver, HikariCP,
 * MyBatis, Liquibase, the runtime, the storage SPI and its backend, their resources and service files)
 * is not found, so a plugin cannot reach it even by reflection.
 *
 * <p>Visibility is decided by where a class comes from, not by its name: a class is visible when the
 * host loads it from the same jar (or class directory) as one of the SDK's marker classes. A host-side
 * class cannot become visible by sharing a package name with the SDK. That needs each artifact in a
 * place of its own, as the distribution's {@code lib/} has them: when an SDK artifact shares its jar
 * with the host (a fat jar), the loader refuses to start rather than open the host to plugins.
 *
 * <p>One instance serves every plugin; it holds no plugin class. Thread-safe.
 */
public final class SdkClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  /** One class of each SDK artifact: its location on the host's class path is the artifact's. */
  private static final List<Class<?>> SDK_MARKERS = List.of(Cog.class, StorageService.class, JDA.class, Logger.class, Plugin.class);

  /** Host classes that must never share a location with the SDK: the runtime and the storage SPI. */
  private static final List<Class<?>> HOST_MARKERS = List.of(SdkClassLoader.class, StorageBackend.class);

  private final ClassLoader host;
  private final List<String> sdkRoots;

  /**
   * Creates the loader.
   *
   * @param host the host's class loader, which has the SDK on its class path
   * @throws IllegalStateException if the host's loader does not have an SDK artifact, or has one in the
   *     same jar or directory as the host's own classes
   */
  public SdkClassLoader(ClassLoader host) {
    super("cogwheel-sdk", ClassLoader.getPlatformClassLoader());
    this.host = Objects.requireNonNull(host, "host");
    this.sdkRoots = SDK_MARKERS.stream().map(marker -> rootOf(host, marker)).distinct().toList();
    for (Class<?> marker : HOST_MARKERS) {
      String root = rootOf(host, marker);
      if (sdkRoots.contains(root)) {
        throw new IllegalStateException("Plugins cannot be isolated: the SDK's classes and the host's " + marker.getName()
            + " come from the same place (" + root + "), so a plugin would see the whole host. Run Cogwheel with each"
            + " library as its own jar on the class path, as the distribution's lib/ has them, not from a fat jar.");
      }
    }
  }

  /**
   * Whether a class of the host is visible to plugins.
   *
   * @param className a binary class name
   * @return true for the classes of the SDK's artifacts
   */
  public boolean isSdkClass(String className) {
    return isSdkResource(className.replace('.', '/') + ".class");
  }

  /**
   * Whether a resource of the host is visible to plugins: only those of the SDK's artifacts.
   *
   * @param name a resource name, {@code a/b/c.txt}
   * @return true for resources of the SDK's artifacts
   */
  boolean isSdkResource(String name) {
    URL url = host.getResource(strip(name));
    return url != null && isInSdk(url);
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
    URL url = host.getResource(strip(name));
    return url != null && isInSdk(url) ? url : null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    Stream<URL> all = Collections.list(host.getResources(strip(name))).stream();
    return Collections.enumeration(all.filter(this::isInSdk).toList());
  }

  private boolean isInSdk(URL url) {
    String location = url.toExternalForm();
    return sdkRoots.stream().anyMatch(location::startsWith);
  }

  private static String strip(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }

  /** The jar ({@code jar:file:...!/}) or class directory ({@code file:.../}) the host loads a class from. */
  private static String rootOf(ClassLoader host, Class<?> marker) {
    String path = marker.getName().replace('.', '/') + ".class";
    URL url = host.getResource(path);
    if (url == null) {
      throw new IllegalStateException("The host's class path has no " + marker.getName() + ": the SDK's artifacts"
          + " (cogwheel-api, cogwheel-storage-api, JDA, SLF4J, PF4J) must be on it to run plugins.");
    }
    String location = url.toExternalForm();
    return location.substring(0, location.length() - path.length());
  }
}
