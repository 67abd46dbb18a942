package dev.cogwheel.runtime.plugin;

import java.util.Properties;
import java.util.jar.Manifest;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PropertiesPluginDescriptorFinder;

/**
 * A plugin's descriptor: PF4J's fields (id, version, class, requires, dependencies, description,
 * provider, license) and Cogwheel's user-data statement, {@code plugin.userData} in
 * {@code plugin.properties} or {@code Plugin-UserData} in the manifest: one sentence saying what the
 * plugin stores about users, shown to operators.
 */
public final class CogwheelDescriptor extends DefaultPluginDescriptor {

  /** The property that holds the user-data statement in {@code plugin.properties}. */
  public static final String USER_DATA_PROPERTY = "plugin.userData";

  /** The manifest attribute that holds the user-data statement. */
  public static final String USER_DATA_ATTRIBUTE = "Plugin-UserData";

  private String userData = "";

  CogwheelDescriptor() {
  }

  /**
   * What the plugin says it stores about users.
   *
   * @return the statement; empty when the descriptor has none
   */
  public String userData() {
    return userData;
  }

  private void userData(String statement) {
    this.userData = statement == null ? "" : statement.trim();
  }

  /** Reads {@code plugin.properties}, as PF4J does, plus {@code plugin.userData}. */
  static final class PropertiesFinder extends PropertiesPluginDescriptorFinder {
    @Override
    protected PluginDescriptor createPluginDescriptor(Properties properties) {
      CogwheelDescriptor descriptor = (CogwheelDescriptor) super.createPluginDescriptor(properties);
      descriptor.userData(properties.getProperty(USER_DATA_PROPERTY));
      return descriptor;
    }

    @Override
    protected DefaultPluginDescriptor createPluginDescriptorInstance() {
      return new CogwheelDescriptor();
    }
  }

  /** Reads {@code META-INF/MANIFEST.MF}, as PF4J does, plus {@code Plugin-UserData}. */
  static final class ManifestFinder extends ManifestPluginDescriptorFinder {
    @Override
    protected PluginDescriptor createPluginDescriptor(Manifest manifest) {
      CogwheelDescriptor descriptor = (CogwheelDescriptor) super.createPluginDescriptor(manifest);
      descriptor.userData(manifest.getMainAttributes().getValue(USER_DATA_ATTRIBUTE));
      return descriptor;
    }

    @Override
    protected DefaultPluginDescriptor createPluginDescriptorInstance() {
      return new CogwheelDescriptor();
    }
  }
}
