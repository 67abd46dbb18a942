package dev.cogwheel.runtime.plugin.check;

import java.lang.module.ModuleDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of the load-time check, as data. Complete by construction where the JDK allows it: a
 * plugin sees only two JDK modules ({@code java.base}, {@code java.net.http}) and only their exported
 * packages, so every other module (JDBC, instrumentation, scripting, JNDI, {@code jdk.unsupported}'s
 * {@code sun.misc.Unsafe}, ...) and every JDK internal is refused without being listed. Within those
 * packages a short list names the escape hatches: the types and methods that end the process, run
 * programs, load native code, read secrets, touch files, change the JVM's global state, load classes by
 * a computed name, define classes, or access and invoke members reflectively.
 *
 * <p>Immutable and thread-safe.
 */
final class CheckRules {

  /** The JDK modules whose exported packages plugins may use. */
  static final Set<String> ALLOWED_MODULES = Set.of("java.base", "java.net.http");

  /** The JDK modules that are JDBC. */
  static final Set<String> DATABASE_MODULES = Set.of("java.sql", "java.sql.rowset");

  /** The system properties a plugin may read, by constant key: none of them can hold a secret. */
  static final Set<String> READABLE_PROPERTIES = Set.of("line.separator", "file.separator", "path.separator",
      "java.version", "java.specification.version", "java.vendor", "java.vm.name", "java.vm.version",
      "java.runtime.version", "os.name", "os.arch", "os.version", "file.encoding", "user.timezone");

  /**
   * The bootstrap methods a plugin's {@code invokedynamic} may name: those javac emits for lambdas,
   * string concatenation, records and pattern switches. Anything else is a call site the plugin builds
   * itself.
   */
  static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory.metafactory",
      "java/lang/invoke/LambdaMetafactory.altMetafactory", "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
      "java/lang/invoke/StringConcatFactory.makeConcat", "java/lang/runtime/ObjectMethods.bootstrap",
      "java/lang/runtime/SwitchBootstraps.typeSwitch", "java/lang/runtime/SwitchBootstraps.enumSwitch");

  /** The JDK's packages, by name, and the module of each. */
  private static final Map<String, Module> JDK_PACKAGES = jdkPackages();

  /** Packages (internal names, ending in '/') whose every type is refused, and why. */
  private static final Map<String, Rule> PACKAGES = Map.of(
      "java/lang/invoke/", Rule.REFLECTION,
      "java/nio/file/", Rule.FILES,
      "org/pf4j/", Rule.PLUGIN_FRAMEWORK,
      "net/dv8tion/jda/internal/", Rule.DISCORD);

  /** Types (internal names; their nested types too) refused wherever they are named. */
  private static final Map<String, Rule> TYPES = types();

  /** Methods refused whatever their arguments, by {@code owner.name}; the owner may be any supertype of the call's owner. */
  private static final Map<String, Rule> METHODS = methods();

  /** Methods whose first argument must be a constant the rules accept, by {@code owner.name}. */
  private static final Map<String, Rule> CONSTANT_ARGUMENT = Map.of(
      "java/lang/System.getProperty", Rule.SECRETS,
      "java/lang/Integer.getInteger", Rule.SECRETS,
      "java/lang/Long.getLong", Rule.SECRETS,
      "java/lang/Boolean.getBoolean", Rule.SECRETS);

  /** The JDA types that are the bot's connection: the host alone runs their lifecycle and listeners. */
  static final Set<String> JDA_CONNECTIONS = Set.of("net/dv8tion/jda/api/JDA", "net/dv8tion/jda/api/sharding/ShardManager");

  /** Methods of {@link #JDA_CONNECTIONS} refused to plugins. */
  static final Set<String> JDA_HOST_METHODS = Set.of("shutdown", "shutdownNow", "restart", "getRegisteredListeners",
      "addEventListener", "removeEventListener", "setEventManager", "getEventManager", "getHttpClient", "getCallbackPool",
      "getGatewayPool", "getRateLimitPool", "getEventPool", "getSessionController");

  /** The names of {@link #METHODS}, {@link #JDA_HOST_METHODS} and {@code getToken}: a call of another name needs no lookup. */
  private static final Set<String> METHOD_NAMES = methodNames();

  private CheckRules() {}

  /**
   * What is refused about naming a type, by its name alone.
   *
   * @param internalName a class's internal name ({@code java/lang/System})
   * @return the rule and how the refusal describes it, if naming it is refused
   */
  static Optional<Hit> type(String internalName) {
    String dotted = internalName.replace('/', '.');
    int slash = internalName.lastIndexOf('/');
    String pkg = slash < 0 ? "" : dotted.substring(0, slash);
    Module module = JDK_PACKAGES.get(pkg);
    if (module != null) {
      if (DATABASE_MODULES.contains(module.getName())) {
        return hit(Rule.DATABASE, "references " + dotted);
      }
      if (!ALLOWED_MODULES.contains(module.getName())) {
        return hit(Rule.JDK_INTERNALS, "references " + dotted + " (JDK module " + module.getName() + ", which plugins do not see)");
      }
      if (!module.isExported(pkg)) {
        return hit(Rule.JDK_INTERNALS, "references " + dotted + " (a package " + module.getName() + " does not export)");
      }
    } else if (internalName.startsWith("sun/") || internalName.startsWith("jdk/") || internalName.startsWith("com/sun/")) {
      return hit(Rule.JDK_INTERNALS, "references " + dotted);
    }
    for (Map.Entry<String, Rule> p : PACKAGES.entrySet()) {
      if (internalName.startsWith(p.getKey())) {
        return hit(p.getValue(), "references " + dotted);
      }
    }
    int dollar = internalName.indexOf('$');
    Rule rule = TYPES.get(dollar < 0 ? internalName : internalName.substring(0, dollar));
    if (rule != null) {
      return hit(rule, "references " + dotted);
    }
    return Optional.empty();
  }

  /**
   * Whether a package belongs to the JDK.
   *
   * @param internalName a class's internal name
   * @return true for a class of a JDK package
   */
  static boolean isJdk(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash > 0 && JDK_PACKAGES.containsKey(internalName.substring(0, slash).replace('/', '.'));
  }

  /**
   * Whether a method of that name can be refused at all, whatever its owner.
   *
   * @param name a method name
   * @return false when no rule names a method so called
   */
  static boolean mayRefuse(String name) {
    return METHOD_NAMES.contains(name);
  }

  /**
   * The rule refusing a method whatever its arguments.
   *
   * @param owner the internal name of the class declaring it, or a supertype of the call's owner
   * @param name the method name
   * @param descriptor the method descriptor
   * @return the rule, if the method is refused
   */
  static Optional<Rule> method(String owner, String name, String descriptor) {
    Rule rule = METHODS.get(owner + "." + name);
    if (rule != null) {
      return Optional.of(rule);
    }
    // The constructors that open a file by its name; those taking a stream or a writer stay.
    if (name.equals("<init>") && descriptor.startsWith("(Ljava/lang/String;")
        && (owner.equals("java/io/PrintStream") || owner.equals("java/io/PrintWriter") || owner.equals("java/util/Formatter"))) {
      return Optional.of(Rule.FILES);
    }
    if (name.equals("getToken") && owner.startsWith("net/dv8tion/jda/")) {
      return Optional.of(Rule.DISCORD);
    }
    if (JDA_CONNECTIONS.contains(owner) && JDA_HOST_METHODS.contains(name)) {
      return Optional.of(Rule.DISCORD);
    }
    return Optional.empty();
  }

  /**
   * The rule a method's first argument must satisfy by being a constant.
   *
   * @param owner the internal name of the method's class
   * @param name the method name
   * @return the rule, if the method takes a key or class name that must be constant
   */
  static Optional<Rule> constantArgument(String owner, String name) {
    return Optional.ofNullable(CONSTANT_ARGUMENT.get(owner + "." + name));
  }

  /** A rule broken, and what the refusal says the plugin does. */
  record Hit(Rule rule, String what) {}

  private static Optional<Hit> hit(Rule rule, String what) {
    return Optional.of(new Hit(rule, what));
  }

  private static Map<String, Module> jdkPackages() {
    Map<String, Module> packages = new HashMap<>();
    for (Module module : ModuleLayer.boot().modules()) {
      ModuleDescriptor descriptor = module.getDescriptor();
      if (descriptor != null) {
        module.getPackages().forEach(p -> packages.put(p, module));
      }
    }
    return Map.copyOf(packages);
  }

  private static Map<String, Rule> types() {
    Map<String, Rule> types = new HashMap<>();
    for (String t : new String[] {"java/lang/ProcessBuilder", "java/lang/Process", "java/lang/ProcessHandle"}) {
      types.put(t, Rule.PROCESS);
    }
    for (String t : new String[] {"java/lang/reflect/Proxy", "java/lang/ModuleLayer", "java/net/URLClassLoader",
        "java/security/SecureClassLoader"}) {
      types.put(t, Rule.CLASS_DEFINITION);
    }
    for (String t : new String[] {"java/io/ObjectInputStream", "java/io/ObjectOutputStream"}) {
      types.put(t, Rule.REFLECTION);
    }
    for (String t : new String[] {"java/io/File", "java/io/FileInputStream", "java/io/FileOutputStream", "java/io/FileReader",
        "java/io/FileWriter", "java/io/RandomAccessFile", "java/io/FileDescriptor", "java/nio/channels/FileChannel",
        "java/nio/channels/AsynchronousFileChannel", "java/util/zip/ZipFile", "java/util/jar/JarFile"}) {
      types.put(t, Rule.FILES);
    }
    return Map.copyOf(types);
  }

  private static Map<String, Rule> methods() {
    Map<String, Rule> methods = new HashMap<>();
    put(methods, Rule.EXIT, "java/lang/System.exit", "java/lang/Runtime.exit", "java/lang/Runtime.halt");
    put(methods, Rule.PROCESS, "java/lang/Runtime.exec");
    put(methods, Rule.NATIVE, "java/lang/System.load", "java/lang/System.loadLibrary", "java/lang/Runtime.load",
        "java/lang/Runtime.loadLibrary");
    put(methods, Rule.CONTEXT_CLASS_LOADER, "java/lang/Thread.setContextClassLoader");
    put(methods, Rule.SECRETS, "java/lang/System.getenv", "java/lang/System.getProperties", "java/lang/System.setProperties",
        "java/lang/System.setProperty", "java/lang/System.clearProperty");
    put(methods, Rule.CLASS_LOADING, "java/lang/ClassLoader.loadClass", "java/util/ServiceLoader.loadInstalled");
    put(methods, Rule.CLASS_DEFINITION, "java/lang/ClassLoader.defineClass");
    put(methods, Rule.REFLECTION, "java/lang/reflect/Method.invoke", "java/lang/reflect/Constructor.newInstance",
        "java/lang/reflect/AccessibleObject.setAccessible", "java/lang/reflect/AccessibleObject.trySetAccessible",
        "java/lang/Class.newInstance", "java/lang/reflect/Field.get", "java/lang/reflect/Field.getBoolean",
        "java/lang/reflect/Field.getByte", "java/lang/reflect/Field.getChar", "java/lang/reflect/Field.getShort",
        "java/lang/reflect/Field.getInt", "java/lang/reflect/Field.getLong", "java/lang/reflect/Field.getFloat",
        "java/lang/reflect/Field.getDouble", "java/lang/reflect/Field.set", "java/lang/reflect/Field.setBoolean",
        "java/lang/reflect/Field.setByte", "java/lang/reflect/Field.setChar", "java/lang/reflect/Field.setShort",
        "java/lang/reflect/Field.setInt", "java/lang/reflect/Field.setLong", "java/lang/reflect/Field.setFloat",
        "java/lang/reflect/Field.setDouble", "java/util/concurrent/atomic/AtomicReferenceFieldUpdater.newUpdater",
        "java/util/concurrent/atomic/AtomicIntegerFieldUpdater.newUpdater",
        "java/util/concurrent/atomic/AtomicLongFieldUpdater.newUpdater");
    put(methods, Rule.FILES, "java/net/URL.openStream", "java/net/URL.openConnection", "java/net/URL.getContent");
    put(methods, Rule.GLOBAL_STATE, "java/lang/System.setIn", "java/lang/System.setOut", "java/lang/System.setErr",
        "java/lang/System.setSecurityManager", "java/lang/Runtime.addShutdownHook", "java/lang/Runtime.removeShutdownHook",
        "java/lang/Thread.setDefaultUncaughtExceptionHandler", "java/lang/Thread.stop", "java/lang/Thread.suspend",
        "java/lang/Thread.resume", "java/util/Locale.setDefault", "java/util/TimeZone.setDefault",
        "java/net/URL.setURLStreamHandlerFactory", "java/net/URLConnection.setContentHandlerFactory",
        "java/net/URLConnection.setFileNameMap", "java/net/Socket.setSocketImplFactory",
        "java/net/ServerSocket.setSocketFactory", "java/net/DatagramSocket.setDatagramSocketImplFactory",
        "java/net/ProxySelector.setDefault", "java/net/CookieHandler.setDefault", "java/net/ResponseCache.setDefault",
        "java/net/Authenticator.setDefault", "java/net/HttpURLConnection.setFollowRedirects",
        "javax/net/ssl/HttpsURLConnection.setDefaultSSLSocketFactory", "javax/net/ssl/HttpsURLConnection.setDefaultHostnameVerifier",
        "javax/net/ssl/SSLContext.setDefault", "java/security/Security.setProperty", "java/security/Security.addProvider",
        "java/security/Security.insertProviderAt", "java/security/Security.removeProvider");
    return Map.copyOf(methods);
  }

  private static Set<String> methodNames() {
    Set<String> names = new java.util.HashSet<>(JDA_HOST_METHODS);
    names.add("getToken");
    METHODS.keySet().forEach(m -> names.add(m.substring(m.indexOf('.') + 1)));
    return Set.copyOf(names);
  }

  private static void put(Map<String, Rule> methods, Rule rule, String... names) {
    for (String name : names) {
      methods.put(name, rule);
    }
  }
}
