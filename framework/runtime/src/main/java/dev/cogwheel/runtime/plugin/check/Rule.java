package dev.cogwheel.runtime.plugin.check;

/** The rules of the load-time check: what a plugin's code may not do, and what to do instead. */
public enum Rule {
  /** JDBC and {@code javax.sql}: the database only through the plugin's StorageService. */
  DATABASE("JDBC and javax.sql", "use the StorageService of the plugin's context"),
  /** Ending the JVM, or the bot's Discord connection. */
  EXIT("ending the process", "a plugin ends only itself: throw from start, or ask the operator to unload it"),
  /** Starting, inspecting or killing operating-system processes. */
  PROCESS("process creation", "plugins run no other programs"),
  /** Loading native code. */
  NATIVE("native libraries", "plugins run only Java code the check has read"),
  /** {@code sun.misc.Unsafe}, {@code jdk.internal.*}, other JDK packages not exported, JDK modules not offered to plugins. */
  JDK_INTERNALS("JDK internals and modules plugins do not see", "plugins see the exported packages of java.base and java.net.http"),
  /** {@code Thread#setContextClassLoader}: the host tracks a plugin's threads by it. */
  CONTEXT_CLASS_LOADER("setting the context class loader", "leave it as the host sets it"),
  /** The environment and system properties, where the bot's secrets may be. */
  SECRETS("environment and system properties", "read settings from context.settings(); constant keys such as"
      + " line.separator or java.version may be read"),
  /** The bot's token and JDA's listeners and lifecycle. */
  DISCORD("the bot's token and JDA's lifecycle", "use context.discord() for Discord calls and context.events() for events"),
  /** Loading classes by a name computed at run time, or through a class loader other than the plugin's own. */
  CLASS_LOADING("loading classes by a computed name or through another class loader",
      "name classes in code, or Class.forName with a constant"),
  /** Defining classes at run time: class loaders, {@code defineClass}, hidden classes, proxies, module layers. */
  CLASS_DEFINITION("defining classes at run time", "ship every class in the plugin's jar, where the check reads it"),
  /** Reflective access and invocation, {@code java.lang.invoke}, Java serialization. */
  REFLECTION("reflective access", "call methods in code; reflection may read what a class declares, not invoke or access it"),
  /** The file system. */
  FILES("the file system", "keep data in the plugin's StorageService; read bundled files with getResourceAsStream"),
  /** State of the JVM that every plugin and the host share: system streams, defaults, factories, shutdown hooks. */
  GLOBAL_STATE("the JVM's global state", "change only the plugin's own objects"),
  /** PF4J, the host's plugin framework: it opens jars and defines classes. */
  PLUGIN_FRAMEWORK("the host's plugin framework (PF4J)", "a plugin is a Cog; it needs no PF4J class"),
  /** How the plugin is packed: jars inside the jar, class files under other names. */
  PACKAGING("a jar inside the plugin", "unpack (shade) bundled libraries into the plugin's jar, or put them in the"
      + " development directory's lib/");

  private final String title;
  private final String instead;

  Rule(String title, String instead) {
    this.title = title;
    this.instead = instead;
  }

  /**
   * What the rule is about, as the refusal names it.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * What a plugin author does instead.
   *
   * @return the advice
   */
  public String instead() {
    return instead;
  }
}
