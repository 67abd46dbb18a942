package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.command.CommandResult;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.Invocations;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.RecordingResponder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile plugin tries every way in through each object the host hands it: reflection on its fields
 * and on those of its invocation handler, {@code MethodHandles.privateLookupIn}, the class loader of its
 * class and of its handler (the JDBC driver, HikariCP, MyBatis, the storage backend and provider, the
 * runtime, the driver's service file and {@code ServiceLoader}), the thread's context class loader,
 * calling the handler itself with methods the object does not offer, opening the handler's module
 * from outside it, and attaching an agent to the JVM. Each must fail, the plugin
 * stays up, and the bot keeps serving another cog.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncapsulationTest {

  /** What the hostile plugin probes in its start, by the name it records the outcome under. */
  static final Map<String, String> PROBED_IN_START = new TreeMap<>(Map.ofEntries(
      Map.entry("context", "context"),
      Map.entry("storage", "context.storage()"),
      Map.entry("config", "context.storage().config()"),
      Map.entry("config-listener", "context.storage().config().addListener(e -> { })"),
      Map.entry("state", "context.storage().state()"),
      Map.entry("ephemeral", "context.storage().ephemeral()"),
      Map.entry("table", "context.storage().table(\"hostile_notes\", Note.class)"),
      Map.entry("user-data", "context.storage().userData()"),
      Map.entry("user-data-hook", "context.storage().userData().register(new dev.cogwheel.storage.privacy.UserDataHook() {"
          + " public List<dev.cogwheel.storage.privacy.UserDataRecord> export(dev.cogwheel.storage.Pid p) { return List.of(); }"
          + " public int delete(dev.cogwheel.storage.Pid p) { return 0; } })"),
      Map.entry("transaction", "context.storage().withTransaction(tx -> tx)"),
      Map.entry("transaction-table", "context.storage().withTransaction(tx -> tx.table(\"hostile_notes\", Note.class))"),
      Map.entry("transaction-state", "context.storage().withTransaction(tx -> tx.state())"),
      Map.entry("scheduler", "context.scheduler()"),
      Map.entry("executor", "context.scheduler().executor()"),
      Map.entry("scheduled-task", "context.scheduler().schedule(Duration.ofHours(1), () -> { })"),
      Map.entry("settings", "context.settings()"),
      Map.entry("commands", "context.commands()"),
      Map.entry("command-subscription", "context.commands().register(SlashCommand.builder(\"spare\", \"Spare\").handler(c -> { }).build())"),
      Map.entry("events", "context.events()"),
      Map.entry("event-subscription", "context.events().subscribe(String.class, e -> { })"),
      Map.entry("pids", "context.pids()"),
      Map.entry("logger", "context.logger()")));

  static final String CHANGELOG = """
      databaseChangeLog:
        - changeSet:
            id: 0001-notes
            author: test
            changes:
              - createTable:
                  tableName: hostile_notes
                  columns:
                    - column: {name: id, type: text, constraints: {primaryKey: true}}
      """;

  /**
   * The attacks, as plugin code. Names are strings, as a plugin author would write them to get past a
   * check of the classes the plugin references.
   */
  static final String ATTACKS = """
      package dev.example.hostile;

      import java.lang.invoke.MethodHandles;
      import java.lang.reflect.Field;
      import java.lang.reflect.InaccessibleObjectException;
      import java.lang.reflect.InvocationHandler;
      import java.lang.reflect.Method;
      import java.lang.reflect.Proxy;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.ServiceLoader;

      public final class Attacks {

        static final String[] HOST_CLASSES = {"org.postgresql.Driver", "com.zaxxer.hikari.HikariDataSource",
            "org.apache.ibatis.session.SqlSessionFactory", "liquibase.Liquibase",
            "dev.cogwheel.storage.postgres.PostgresStorageBackend", "dev.cogwheel.storage.postgres.PostgresStorageProvider",
            "dev.cogwheel.storage.spi.StorageProvider", "dev.cogwheel.runtime.Host",
            "dev.cogwheel.runtime.plugin.CogwheelPluginManager"};

        /** The JVM's refusal to open a field of an invocation handler, for the test to read. */
        static volatile String handlerRefusal = "";

        /** Every way in through one object; what was reached, empty when everything was refused. */
        public static List<String> through(Object target) {
          List<String> reached = new ArrayList<>();
          if (target instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            // A JDK object is closed to reflection, but hands out what it holds.
            reached.add("a thread pool, whose thread factory is " + pool.getThreadFactory().getClass().getName());
            reached.addAll(through(pool.getThreadFactory()));
          }
          List<Class<?>> classes = new ArrayList<>();
          classes.add(target.getClass());
          if (Proxy.isProxyClass(target.getClass())) {
            classes.add(Proxy.class);
            InvocationHandler handler = Proxy.getInvocationHandler(target);
            classes.add(handler.getClass());
            reached.addAll(callHandler(target, handler));
            reached.addAll(openModule(handler.getClass()));
          }
          for (Class<?> type : classes) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
              for (Field field : c.getDeclaredFields()) {
                try {
                  field.setAccessible(true);
                  reached.add("setAccessible " + field);
                } catch (InaccessibleObjectException e) {
                  if (InvocationHandler.class.isAssignableFrom(c)) {
                    handlerRefusal = e.getMessage();
                  }
                }
              }
            }
            if (type != Proxy.class) {
              try {
                MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                reached.add("privateLookupIn " + type.getName());
              } catch (IllegalAccessException e) {
                // refused
              }
              reached.addAll(loader("the loader of " + type.getName(), type.getClassLoader()));
            }
          }
          return reached;
        }

        /** What a class loader gives: host classes by name, the storage provider's service file, JDBC drivers. */
        public static List<String> loader(String what, ClassLoader loader) {
          List<String> reached = new ArrayList<>();
          if (loader == null) {
            return reached;
          }
          for (String name : HOST_CLASSES) {
            try {
              Class.forName(name, false, loader);
              reached.add(what + " loads " + name);
            } catch (ClassNotFoundException e) {
              // refused
            }
          }
          if (loader.getResource("META-INF/services/dev.cogwheel.storage.spi.StorageProvider") != null) {
            reached.add(what + " finds the storage provider's service file");
          }
          try {
            Class<?> driver = Class.forName("java.sql.Driver");
            if (ServiceLoader.load(driver, loader).findFirst().isPresent()) {
              reached.add(what + " finds a JDBC driver with ServiceLoader");
            }
          } catch (ClassNotFoundException e) {
            reached.add("java.sql.Driver missing: " + e);
          }
          return reached;
        }

        /** The handler called directly, with methods the object does not offer. */
        static List<String> callHandler(Object target, InvocationHandler handler) {
          List<String> reached = new ArrayList<>();
          try {
            Object got = handler.invoke(target, Object.class.getMethod("getClass"), null);
            reached.add("the handler ran getClass: " + got);
          } catch (Throwable e) {
            // refused
          }
          try {
            Method find = Class.forName("dev.cogwheel.storage.state.StateStore").getMethod("find", String.class);
            if (!find.getDeclaringClass().isInstance(target)) {
              handler.invoke(target, find, new Object[] {"x"});
              reached.add("the handler ran a method its object does not offer");
            }
          } catch (Throwable e) {
            // refused
          }
          return reached;
        }

        /** Opening the handler's package from outside its module. */
        static List<String> openModule(Class<?> type) {
          List<String> reached = new ArrayList<>();
          Module module = type.getModule();
          if (!module.isNamed()) {
            return reached;
          }
          try {
            module.addOpens(type.getPackageName(), Attacks.class.getModule());
            reached.add("opened " + type.getPackageName() + " of " + module);
          } catch (IllegalCallerException e) {
            // refused
          }
          return reached;
        }

        /** Why the JVM refused to attach to itself. */
        static volatile String attachRefusal = "";

        /**
         * Loading an agent into this JVM, which could redefine any module to open it. The attach API is
         * in jdk.attach, which the application class loader defines.
         */
        public static List<String> attachToSelf() {
          List<String> reached = new ArrayList<>();
          try {
            Class<?> vm = Class.forName("com.sun.tools.attach.VirtualMachine", true, ClassLoader.getSystemClassLoader());
            Object attached = vm.getMethod("attach", String.class).invoke(null, String.valueOf(ProcessHandle.current().pid()));
            reached.add("attached to its own JVM: " + attached);
            vm.getMethod("detach").invoke(attached);
          } catch (java.lang.reflect.InvocationTargetException e) {
            attachRefusal = String.valueOf(e.getCause());
          } catch (ReflectiveOperationException e) {
            reached.add("the attach API could not be tried: " + e);
          }
          return reached;
        }

        /** Records what one probe reached. */
        public static void record(dev.cogwheel.storage.state.StateStore state, String label, List<String> reached) {
          state.put("probe." + label, reached.isEmpty() ? "none" : String.join("; ", reached));
        }
      }
      """;

  StorageBackend backend;
  CogwheelPluginManager manager;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) {
    backend = Hosts.backend(schema);
    StringBuilder start = new StringBuilder("dev.cogwheel.storage.state.StateStore results = context.storage().state();\n");
    PROBED_IN_START.forEach((label, expression) -> start.append("Attacks.record(results, \"").append(label)
        .append("\", Attacks.through(").append(expression).append("));\n"));
    start.append("""
        Attacks.record(results, "attach", Attacks.attachToSelf());
        results.put("attach-refusal", Attacks.attachRefusal.isEmpty() ? "none" : Attacks.attachRefusal);
        Attacks.record(results, "start-thread", Attacks.loader("the context class loader in start",
            Thread.currentThread().getContextClassLoader()));
        context.scheduler().schedule(Duration.ZERO, () -> Attacks.record(results, "scheduled-thread",
            Attacks.loader("the context class loader of a scheduled task", Thread.currentThread().getContextClassLoader())));
        context.commands().register(SlashCommand.builder("probe", "Probes its context").handler(c -> {
          List<String> reached = new ArrayList<>(Attacks.through(c));
          reached.addAll(Attacks.loader("the context class loader of a command", Thread.currentThread().getContextClassLoader()));
          Attacks.record(results, "command-context", reached);
          c.reply("probed");
        }).build());
        results.put("refusal", Attacks.handlerRefusal.isEmpty() ? "none" : Attacks.handlerRefusal);
        """);
    PluginBuilder.plugin("hostile").changelog(CHANGELOG)
        .source("dev.example.hostile.Attacks", ATTACKS)
        .cog(start.toString(), "public record Note(String id) {}")
        .jar(plugins);
    PluginBuilder.plugin("bystander").cog("""
        context.commands().register(SlashCommand.builder("ping", "Pong").handler(c -> {
          context.storage().state().put("pings", "1");
          c.reply("pong");
        }).build());
        """).jar(plugins);
    // The load-time check would refuse the hostile cog before the JVM is asked: this test holds the JVM's layer alone.
    manager = CogwheelPluginManager.withoutLoadCheck(Hosts.settings(plugins), backend);
    manager.startAll();
  }

  @AfterAll
  void stop() {
    manager.close();
    backend.close();
  }

  private String state(String key) {
    return backend.forPlugin("hostile").state().find(key).map(StateEntry::value).orElseThrow(() -> new AssertionError(
        "the hostile plugin recorded no " + key + "; it is " + manager.find("hostile").orElseThrow().state() + ": "
            + manager.find("hostile").orElseThrow().reason()));
  }

  static List<String> probedInStart() {
    return List.copyOf(PROBED_IN_START.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probedInStart")
  void noWayInThroughAnObjectTheHostHandsOut(String label) {
    assertThat(state("probe." + label)).as("what the plugin reached through %s", PROBED_IN_START.get(label)).isEqualTo("none");
  }

  @Test
  void theJvmRefusesReflectionNamingTheClosedModule() {
    assertThat(state("refusal")).startsWith("Unable to make field private final").contains(" dev.cogwheel.runtime.guard.Guard.")
        .contains("module cogwheel.guard does not \"opens dev.cogwheel.runtime.guard\" to unnamed module");
  }

  @Test
  void notEvenTheClassPathCanOpenTheGuardForAPlugin() {
    // The host's own module is the class path's unnamed module, shared with every library there: a library
    // that calls setAccessible for its caller must find the guard closed too.
    Membrane membrane = new Membrane(new SdkClassLoader(getClass().getClassLoader()));
    dev.cogwheel.storage.PidDeriver guarded = membrane.expose(dev.cogwheel.storage.PidDeriver.class, (guild, user) -> null);
    Object handler = Proxy.getInvocationHandler(guarded);

    assertThat(handler.getClass().getModule().getName()).isEqualTo("cogwheel.guard");
    for (Field field : handler.getClass().getDeclaredFields()) {
      assertThatThrownBy(() -> field.setAccessible(true)).as(field.toString()).isInstanceOf(InaccessibleObjectException.class);
    }
    assertThatThrownBy(() -> MethodHandles.privateLookupIn(handler.getClass(), MethodHandles.lookup()))
        .isInstanceOf(IllegalAccessException.class);
    @SuppressWarnings("unchecked")
    Function<Object, Object> unwrap = (Function<Object, Object>) handler;
    assertThatThrownBy(() -> unwrap.apply(handler)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Only the host can unwrap its objects");
  }

  @Test
  void anAgentCannotBeAttachedToReopenTheModules() {
    assertThat(state("probe.attach")).isEqualTo("none");
    assertThat(state("attach-refusal")).isEqualTo("java.io.IOException: Can not attach to current VM");
  }

  @Test
  void theCommandContextAndTheCommandThreadGiveNothing() throws Exception {
    RecordingResponder responder = new RecordingResponder();
    CommandResult result = manager.commands().dispatch(Invocations.command("probe"), responder).get(30, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(state("probe.command-context")).isEqualTo("none");
  }

  @Test
  void thePluginThreadsContextClassLoaderGivesNothing() {
    assertThat(state("probe.start-thread")).isEqualTo("none");
    Awaitility.await().atMost(30, TimeUnit.SECONDS)
        .until(() -> backend.forPlugin("hostile").state().find("probe.scheduled-thread").isPresent());
    assertThat(state("probe.scheduled-thread")).isEqualTo("none");
  }

  @Test
  void theHostileCogStaysUpAndTheBotKeepsServingTheOthers() throws Exception {
    assertThat(manager.find("hostile").orElseThrow().state()).isEqualTo(PluginState.STARTED);
    RecordingResponder responder = new RecordingResponder();
    CommandResult result = manager.commands().dispatch(Invocations.command("ping"), responder).get(30, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(backend.forPlugin("bystander").state().find("pings")).isPresent();
  }
}
