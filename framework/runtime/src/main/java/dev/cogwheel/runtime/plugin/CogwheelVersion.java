package dev.cogwheel.runtime.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this Cogwheel build, as the build wrote it into {@code version.properties}. */
public final class CogwheelVersion {

  private static final String VERSION = read();

  private CogwheelVersion() {
  }

  private static String read() {
    Properties properties = new Properties();
    try (InputStream in = CogwheelVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Cogwheel's version.properties", e);
    }
    return properties.getProperty("version", "0.0.0");
  }

  /**
   * The full version.
   *
   * @return for example {@code 0.1.0-SNAPSHOT}
   */
  public static String current() {
    return VERSION;
  }

  /**
   * The version plugins' {@code plugin.requires} ranges are checked against: the release part only,
   * so that a development build satisfies {@code >=0.1.0} as the release will.
   *
   * @return for example {@code 0.1.0}
   */
  public static String forPlugins() {
    int dash = VERSION.indexOf('-');
    return dash < 0 ? VERSION : VERSION.substring(0, dash);
  }
}
