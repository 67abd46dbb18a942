package dev.cogwheel.runtime.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;

/**
 * One plugin's class loader: PF4J's, with the {@link SdkClassLoader} as parent and the application
 * first ({@link ClassLoadingStrategy#APD}), so the SDK's classes always come from the host even when a
 * plugin bundles a copy, then the plugin's own classes, then those of the plugins it depends on.
 */
final class SandboxClassLoader extends PluginClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final PluginDescriptor descriptor;
  private final Function<String, Optional<ClassLoader>> dependencies;

  /**
   * Creates the loader; add the plugin's jar or class directories with {@link #addFile}.
   *
   * @param descriptor the plugin's descriptor
   * @param parent the SDK loader
   * @param dependencies the class loader of a loaded plugin, by id
   */
  SandboxClassLoader(PluginDescriptor descriptor, SdkClassLoader parent, Function<String, Optional<ClassLoader>> dependencies) {
    super(null, descriptor, parent, ClassLoadingStrategy.APD);
    this.descriptor = descriptor;
    this.dependencies = dependencies;
  }

  @Override
  protected Class<?> loadClassFromDependencies(String className) {
    for (PluginDependency dependency : descriptor.getDependencies()) {
      Optional<ClassLoader> loader = dependencies.apply(dependency.getPluginId());
      if (loader.isPresent()) {
        try {
          return loader.get().loadClass(className);
        } catch (ClassNotFoundException e) {
          // not in this dependency; try the next one
        }
      }
    }
    return null;
  }

  @Override
  protected URL findResourceFromDependencies(String name) {
    for (PluginDependency dependency : descriptor.getDependencies()) {
      Optional<URL> url = dependencies.apply(dependency.getPluginId()).map(l -> l.getResource(name));
      if (url.isPresent()) {
        return url.get();
      }
    }
    return null;
  }

  @Override
  protected Collection<URL> findResourcesFromDependencies(String name) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (PluginDependency dependency : descriptor.getDependencies()) {
      Optional<ClassLoader> loader = dependencies.apply(dependency.getPluginId());
      if (loader.isPresent()) {
        urls.addAll(java.util.Collections.list(loader.get().getResources(name)));
      }
    }
    return urls;
  }

  /**
   * Whether this loader defined a class of that name: a stack frame of that class runs this plugin
   * version's code.
   *
   * @param className a binary class name, as a stack frame names it
   * @return true if this loader defined it
   */
  boolean defines(String className) {
    Class<?> loaded = findLoadedClass(className);
    return loaded != null && loaded.getClassLoader() == this;
  }

  @Override
  public String toString() {
    return "SandboxClassLoader[" + descriptor.getPluginId() + "@" + descriptor.getVersion() + "]";
  }
}
