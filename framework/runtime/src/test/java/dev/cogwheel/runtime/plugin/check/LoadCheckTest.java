package dev.cogwheel.runtime.plugin.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.plugin.SdkClassLoader;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The load-time check against what a hostile plugin author would write: one class per attack, the
 * obvious form first and then the ones that try to hide it (a method reference, a subclass, a
 * ternary, a multi-release entry, a nested jar). Each must be refused naming its class, method and
 * rule; ordinary plugin code must pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadCheckTest {

  static final String PKG = "dev.example.attacks.";

  LoadCheck check;
  List<Finding> findings;

  /** An attack: a class whose {@code run} method (or members) does one refused thing. */
  record Attack(String name, String body, String members, Rule rule, String what) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Attack> attacks() {
    return List.of(
        new Attack("Jdbc", "java.sql.DriverManager.getConnection(\"jdbc:postgresql://localhost/bot\");", "", Rule.DATABASE,
            "references java.sql.DriverManager"),
        new Attack("DataSourceField", "", "javax.sql.DataSource source;", Rule.DATABASE, "references javax.sql.DataSource"),
        new Attack("Exit", "System.exit(0);", "", Rule.EXIT, "calls java.lang.System.exit"),
        new Attack("RuntimeExit", "Runtime.getRuntime().exit(1);", "", Rule.EXIT, "calls java.lang.Runtime.exit"),
        new Attack("Halt", "Runtime.getRuntime().halt(1);", "", Rule.EXIT, "calls java.lang.Runtime.halt"),
        new Attack("ExitByReference", "java.util.function.IntConsumer end = System::exit; end.accept(0);", "", Rule.EXIT,
            "calls java.lang.System.exit"),
        new Attack("Processes", "new ProcessBuilder(\"sh\", \"-c\", \"id\").start();", "", Rule.PROCESS,
            "references java.lang.ProcessBuilder"),
        new Attack("Exec", "Runtime.getRuntime().exec(new String[] {\"sh\"});", "", Rule.PROCESS, "calls java.lang.Runtime.exec"),
        new Attack("Kill", "ProcessHandle.current().parent().ifPresent(ProcessHandle::destroyForcibly);", "", Rule.PROCESS,
            "references java.lang.ProcessHandle"),
        new Attack("LoadLibrary", "System.loadLibrary(\"evil\");", "", Rule.NATIVE, "calls java.lang.System.loadLibrary"),
        new Attack("RuntimeLoad", "Runtime.getRuntime().load(\"/tmp/evil.so\");", "", Rule.NATIVE, "calls java.lang.Runtime.load"),
        new Attack("MiscUnsafe", "sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");", "", Rule.JDK_INTERNALS,
            "references sun.misc.Unsafe (JDK module jdk.unsupported"),
        new Attack("OtherModule", "java.util.logging.Logger.getLogger(\"x\");", "", Rule.JDK_INTERNALS,
            "references java.util.logging.Logger (JDK module java.logging"),
        new Attack("Scripting", "new javax.script.ScriptEngineManager().getEngineByName(\"js\");", "", Rule.JDK_INTERNALS,
            "references javax.script.ScriptEngineManager"),
        new Attack("ContextLoader", "Thread.currentThread().setContextClassLoader(null);", "", Rule.CONTEXT_CLASS_LOADER,
            "calls java.lang.Thread.setContextClassLoader"),
        new Attack("ContextLoaderBySubclass", "",
            "static final class Worker extends Thread { void swap() { setContextClassLoader(null); } }",
            Rule.CONTEXT_CLASS_LOADER, "(java.lang.Thread.setContextClassLoader)"),
        new Attack("Getenv", "System.getenv(\"DISCORD_TOKEN\");", "", Rule.SECRETS, "calls java.lang.System.getenv"),
        new Attack("WholeEnvironment", "System.getenv().values();", "", Rule.SECRETS, "calls java.lang.System.getenv"),
        new Attack("Properties", "System.getProperties().list(System.out);", "", Rule.SECRETS, "calls java.lang.System.getProperties"),
        new Attack("SecretProperty", "System.getProperty(\"cogwheel.pid.secret\");", "", Rule.SECRETS,
            "calls java.lang.System.getProperty(\"cogwheel.pid.secret\"), a property plugins may not read"),
        new Attack("ComputedProperty", "System.getProperty(\"user.\" + context.pluginId());", "", Rule.SECRETS,
            "calls java.lang.System.getProperty with a key that is not a constant written in the call"),
        new Attack("PropertyByTernary", "System.getProperty(context == null ? \"java.version\" : \"user.home\", \"\");", "",
            Rule.SECRETS, "calls java.lang.System.getProperty(\"user.home\")"),
        new Attack("PropertyAsInteger", "Integer.getInteger(\"cogwheel.secret\");", "", Rule.SECRETS,
            "calls java.lang.Integer.getInteger(\"cogwheel.secret\")"),
        new Attack("Token", "", "String token(net.dv8tion.jda.api.JDA jda) { return jda.getToken(); }", Rule.DISCORD,
            "calls net.dv8tion.jda.api.JDA.getToken"),
        new Attack("ShardToken", "",
            "String token(net.dv8tion.jda.api.sharding.ShardManager shards) { return shards.getShardById(0).getToken(); }",
            Rule.DISCORD, "calls net.dv8tion.jda.api.JDA.getToken"),
        new Attack("ShutdownBot", "context.discord().get().shutdown();", "", Rule.DISCORD,
            "calls net.dv8tion.jda.api.sharding.ShardManager.shutdown"),
        new Attack("HostListeners", "context.discord().get().getShardById(0).getRegisteredListeners();", "", Rule.DISCORD,
            "calls net.dv8tion.jda.api.JDA.getRegisteredListeners"),
        new Attack("JdaInternals", "", "Object impl(Object jda) { return (net.dv8tion.jda.internal.JDAImpl) jda; }", Rule.DISCORD,
            "references net.dv8tion.jda.internal.JDAImpl"),
        new Attack("OwnClassLoader", "",
            "static final class Loader extends ClassLoader { Class<?> make(byte[] b) { return defineClass(null, b, 0, b.length); } }",
            Rule.CLASS_DEFINITION, "extends java.lang.ClassLoader"),
        new Attack("UrlClassLoader", "new java.net.URLClassLoader(new java.net.URL[0]).loadClass(\"x.Y\");", "",
            Rule.CLASS_DEFINITION, "references java.net.URLClassLoader"),
        new Attack("HiddenClass", "java.lang.invoke.MethodHandles.lookup().defineHiddenClass(new byte[0], true);", "",
            Rule.REFLECTION, "references java.lang.invoke.MethodHandles"),
        new Attack("PrivateLookup", "java.lang.invoke.MethodHandles.privateLookupIn(context.getClass(),"
            + " java.lang.invoke.MethodHandles.lookup());", "", Rule.REFLECTION, "references java.lang.invoke.MethodHandles"),
        new Attack("Proxies", "java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class},"
            + " (p, m, a) -> null);", "", Rule.CLASS_DEFINITION, "references java.lang.reflect.Proxy"),
        new Attack("ComputedForName", "Class.forName(\"dev.cogwheel.storage.\" + context.pluginId());", "", Rule.CLASS_LOADING,
            "calls java.lang.Class.forName with a computed class name"),
        new Attack("ForNameByTernary", "Class.forName(context == null ? \"java.lang.String\" : \"java.sql.DriverManager\");", "",
            Rule.DATABASE, "calls java.lang.Class.forName(\"java.sql.DriverManager\")"),
        new Attack("ForNameOnLoader", "Class.forName(\"java.lang.String\", true, context.getClass().getClassLoader());", "",
            Rule.CLASS_LOADING, "calls java.lang.Class.forName with a class loader or module"),
        new Attack("HostLoader", "context.getClass().getClassLoader().loadClass(\"org.postgresql.\" + \"Driver\");", "",
            Rule.CLASS_LOADING, "calls java.lang.ClassLoader.loadClass"),
        new Attack("ContextLoaderLoad", "Thread.currentThread().getContextClassLoader().loadClass(context.pluginId());", "",
            Rule.CLASS_LOADING, "calls java.lang.ClassLoader.loadClass"),
        new Attack("HostServices", "java.util.ServiceLoader.load(Runnable.class, context.getClass().getClassLoader());", "",
            Rule.CLASS_LOADING, "calls java.util.ServiceLoader.load with a class loader or module layer"),
        new Attack("Invoke", "System.class.getMethod(\"exit\", int.class).invoke(null, 0);", "", Rule.REFLECTION,
            "calls java.lang.reflect.Method.invoke"),
        new Attack("FieldRead", "context.getClass().getDeclaredField(\"storage\").get(context);", "", Rule.REFLECTION,
            "calls java.lang.reflect.Field.get"),
        new Attack("Accessible", "context.getClass().getDeclaredFields()[0].setAccessible(true);", "", Rule.REFLECTION,
            "(java.lang.reflect.AccessibleObject.setAccessible)"),
        new Attack("Serialization", "new java.io.ObjectOutputStream(new java.io.ByteArrayOutputStream()).writeObject(context);", "",
            Rule.REFLECTION, "references java.io.ObjectOutputStream"),
        new Attack("Environ", "new java.io.FileInputStream(\"/proc/self/environ\").readAllBytes();", "", Rule.FILES,
            "references java.io.FileInputStream"),
        new Attack("ConfigFile", "java.nio.file.Files.readString(java.nio.file.Path.of(\"conf/cogwheel.properties\"));", "",
            Rule.FILES, "references java.nio.file.Files"),
        new Attack("FileUrl", "new java.net.URL(\"file:///proc/self/environ\").openStream();", "", Rule.FILES,
            "calls java.net.URL.openStream"),
        new Attack("FileByName", "new java.io.PrintStream(\"/tmp/out\").println();", "", Rule.FILES,
            "calls java.io.PrintStream.<init>"),
        new Attack("ShutdownHook", "Runtime.getRuntime().addShutdownHook(new Thread());", "", Rule.GLOBAL_STATE,
            "calls java.lang.Runtime.addShutdownHook"),
        new Attack("SystemOut", "System.setOut(null);", "", Rule.GLOBAL_STATE, "calls java.lang.System.setOut"),
        new Attack("Pf4j", "new org.pf4j.DefaultPluginManager().loadPlugins();", "", Rule.PLUGIN_FRAMEWORK,
            "references org.pf4j.DefaultPluginManager"));
  }

  @BeforeAll
  void checkTheAttacks(@TempDir Path plugins) throws IOException {
    check = new LoadCheck(new SdkClassLoader(getClass().getClassLoader()));
    PluginBuilder attacker = PluginBuilder.plugin("attacks").cog("");
    for (Attack attack : attacks()) {
      attacker.source(PKG + attack.name(), """
          package dev.example.attacks;

          import dev.cogwheel.api.plugin.PluginContext;

          public final class %s {
            void run(PluginContext context) throws Exception {
              %s
            }
            %s
          }
          """.formatted(attack.name(), attack.body(), attack.members()));
    }
    attacker
        .source(PKG + "Helper", "package dev.example.attacks; public final class Helper { public static void help() {} }")
        .versionedSource(17, PKG + "Helper",
            "package dev.example.attacks; public final class Helper { public static void help() { System.exit(3); } }")
        .entry("lib/tools.jar", jarWith("x/Tool.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}))
        .entry("data/payload.bin", internalUnsafeCaller("dev/example/attacks/Payload"))
        .entry("dev/example/attacks/Raw.class", internalUnsafeCaller("dev/example/attacks/Raw"))
        // A copy of an SDK class that claims to be no class loader: the host's copy is the one that loads.
        .entry("org/pf4j/PluginClassLoader.class", emptyClass("org/pf4j/PluginClassLoader", "java/lang/Object"))
        .entry("dev/example/attacks/Shadowed.class", emptyClass("dev/example/attacks/Shadowed", "org/pf4j/PluginClassLoader"));
    findings = check.check(List.of(attacker.jar(plugins)), List.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void eachAttackIsRefusedNamingClassMethodAndRule(Attack attack) {
    // An attack in run() is found there; one in a member, in that member or its nested class.
    String where = PKG + attack.name() + (attack.members().isEmpty() ? ".run" : "");
    assertThat(findings).as("findings of " + attack.name())
        .anySatisfy(f -> {
          assertThat(f.where()).startsWith(where);
          assertThat(f.rule()).isEqualTo(attack.rule());
          assertThat(f.what()).contains(attack.what());
          assertThat(f.toString()).contains("[" + attack.rule().title() + "]");
        });
  }

  @Test
  void aMultiReleaseEntryIsReadAndNamed() {
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.where()).isEqualTo(PKG + "Helper.help");
      assertThat(f.rule()).isEqualTo(Rule.EXIT);
      assertThat(f.toString()).endsWith("in META-INF/versions/17/dev/example/attacks/Helper.class");
    });
  }

  @Test
  void nestedJarsAndClassFilesUnderOtherNamesAreRefused() {
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.where()).isEqualTo("lib/tools.jar");
      assertThat(f.rule()).isEqualTo(Rule.PACKAGING);
    });
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.where()).isEqualTo("data/payload.bin");
      assertThat(f.what()).contains("class file under another name");
    });
  }

  @Test
  void aClassFileWrittenWithoutJavacIsCheckedToo() {
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.where()).isEqualTo(PKG + "Raw.run");
      assertThat(f.rule()).isEqualTo(Rule.JDK_INTERNALS);
      assertThat(f.what()).contains("jdk.internal.misc.Unsafe");
    });
  }

  @Test
  void aBundledCopyOfAHostClassDoesNotHideWhatTheHostsClassIs() {
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.where()).isEqualTo(PKG + "Shadowed.<class>");
      assertThat(f.rule()).isEqualTo(Rule.CLASS_DEFINITION);
      assertThat(f.what()).isEqualTo("extends org.pf4j.PluginClassLoader");
    });
  }

  @Test
  void ordinaryPluginCodePasses(@TempDir Path plugins) {
    Path jar = PluginBuilder.plugin("ordinary").cog("""
        record Score(String name, int points) {}
        List<Score> scores = new ArrayList<>(List.of(new Score("a", 1), new Score("b", 2)));
        scores.sort(Comparator.comparingInt(Score::points).reversed());
        String line = System.getProperty("line.separator") + System.getProperty("java.version", "17");
        Class<?> text = Class.forName("java.lang.String");
        int cores = Runtime.getRuntime().availableProcessors();
        java.io.InputStream bundled = getClass().getResourceAsStream("/plugin.properties");
        ClassLoader own = Thread.currentThread().getContextClassLoader();
        int methods = String.class.getDeclaredMethods().length;
        Thread worker = new Thread(() -> context.logger().info("{} {} {} {}", scores, line, text, cores + methods));
        worker.start();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        pool.submit(() -> context.storage().state().put("k", "v")).get();
        pool.shutdown();
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://example.org")).build();
        String kind = switch (scores.size()) { case 0 -> "none"; default -> "some " + own + bundled; };
        context.commands().register(SlashCommand.builder("score", "Scores").handler(c -> c.reply(kind)).build());
        """, "enum Level { LOW, HIGH }").jar(plugins);

    assertThat(check.check(List.of(jar), List.of())).isEmpty();
  }

  @Test
  void aDevelopmentDirectoryIsReadWithItsBundledJars(@TempDir Path plugins) throws IOException {
    Path directory = PluginBuilder.plugin("devexit").cog("System.exit(0);").developmentDirectory(plugins);
    Path lib = Files.createDirectories(directory.resolve("target/lib"));
    Path bundled = PluginBuilder.plugin("bundled").cog("Runtime.getRuntime().halt(0);").jar(lib);
    Path classes = directory.resolve("target/classes");

    List<Finding> found = check.check(List.of(classes, bundled), List.of());

    assertThat(found).extracting(Finding::where)
        .containsExactlyInAnyOrder("dev.example.devexit.Main.start", "dev.example.bundled.Main.start");
  }

  /** A class made with ASM whose run() calls jdk.internal.misc.Unsafe.getUnsafe(), which javac would not compile. */
  static byte[] internalUnsafeCaller(String internalName) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, internalName, null, "java/lang/Object", null);
    MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
    run.visitCode();
    run.visitMethodInsn(Opcodes.INVOKESTATIC, "jdk/internal/misc/Unsafe", "getUnsafe", "()Ljdk/internal/misc/Unsafe;", false);
    run.visitInsn(Opcodes.POP);
    run.visitInsn(Opcodes.RETURN);
    run.visitMaxs(0, 0);
    run.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  static byte[] emptyClass(String internalName, String superName) {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, superName, null);
    writer.visitEnd();
    return writer.toByteArray();
  }

  static byte[] jarWith(String entry, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      jar.putNextEntry(new JarEntry(entry));
      jar.write(content);
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }

}
