package dev.cogwheel.benchmarks;

import dev.cogwheel.runtime.Host;
import dev.cogwheel.runtime.command.CommandInvocation;
import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.CogwheelVersion;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.runtime.plugin.PluginRuntimeSettings;
import dev.cogwheel.runtime.plugin.PluginState;
import dev.cogwheel.runtime.plugin.SdkClassLoader;
import dev.cogwheel.runtime.plugin.check.Finding;
import dev.cogwheel.runtime.plugin.check.LoadCheck;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The reload load driver: reloads a small plugin (the greeter example cog, as a jar) again and again
 * in a real host on the benchmark database, and reports the reload time (p50, p99) against the same
 * plugin's first load measured in the same run, and the heap after the reloads against the heap
 * before them. A command is run after every reload, outside the timing, to check the plugin works.
 *
 * <p>In the same run it times the load-time check alone ({@link LoadCheck}, which every reload runs) on
 * the same jar, to give its share of a reload, and on the built classes of every bundled cog next to
 * the greeter (the cogs of {@code plugins/} that are built).
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.cogwheel.benchmarks.ReloadDriver [--reloads N] [--warmup N]
 *     [--classes plugins/greeter/target/classes] [--docs docs/benchmarks.md]
 * </pre>
 */
public final class ReloadDriver {

  private ReloadDriver() {}

  public static void main(String[] args) throws Exception {
    int reloads = 100;
    int warmup = 10;
    Path classes = Path.of("plugins/greeter/target/classes");
    Path docs = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reloads" -> reloads = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--classes" -> classes = Path.of(args[++i]);
        case "--docs" -> docs = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --reloads N, --warmup N, --classes DIR, --docs FILE");
      }
    }
    if (!Files.isRegularFile(classes.resolve("plugin.properties"))) {
      throw new IllegalStateException(classes + " holds no built plugin; build it first (benchmarks/reload.sh does)");
    }
    Path plugins = Files.createTempDirectory("cogwheel-reload-plugins");
    jar(classes, plugins.resolve("greeter.jar"));
    TestSchema schema = BenchDatabase.createSchema("reload");
    PostgresStorageBackend backend = BenchDatabase.open(schema, Map.of());
    try {
      PluginRuntimeSettings settings = PluginRuntimeSettings.builder(plugins, CogwheelVersion.forPlugins())
          .backupBeforeMigrations(false).build();
      long coldStart = System.nanoTime();
      try (Host host = Host.builder().storage(backend).plugins(settings).start()) {
        long coldNanos = System.nanoTime() - coldStart;
        CogwheelPluginManager manager = host.plugins();
        check(manager.find("greeter").orElseThrow());
        greet(manager);
        for (int i = 0; i < warmup; i++) {
          check(manager.reload("greeter"));
          greet(manager);
        }
        long heapBefore = usedHeapAfterGc();
        long[] nanos = new long[reloads];
        for (int i = 0; i < reloads; i++) {
          long start = System.nanoTime();
          PluginInfo info = manager.reload("greeter");
          nanos[i] = System.nanoTime() - start;
          check(info);
          greet(manager);
        }
        long heapAfter = usedHeapAfterGc();
        LoadCheck loadCheck = new LoadCheck(new SdkClassLoader(ReloadDriver.class.getClassLoader()));
        long[] checkNanos = timeCheck(loadCheck, plugins.resolve("greeter.jar"), warmup, reloads);
        Path cogs = classes.toAbsolutePath().normalize().getParent().getParent().getParent();
        String report = report(reloads, warmup, coldNanos, nanos, heapBefore, heapAfter)
            + checkReport(nanos, checkNanos, cogs(loadCheck, cogs, warmup, reloads));
        System.out.print(report);
        if (docs != null) {
          DriverSupport.updateSection(docs, "reload", report);
        }
      }
    } finally {
      BenchDatabase.closeAll(schema, backend);
    }
  }

  private static void check(PluginInfo info) {
    if (info.state() != PluginState.STARTED) {
      throw new IllegalStateException("greeter is " + info.state() + ": " + info.reason());
    }
  }

  private static void greet(CogwheelPluginManager manager) throws Exception {
    CommandOutcome outcome = manager.commands().dispatch(new CommandInvocation("greet", Optional.empty(), Optional.empty(), Map.of(),
        OptionalLong.of(1L), 2L, 3L, false, Optional.empty()), DriverSupport.DROP).get(30, TimeUnit.SECONDS).outcome();
    if (outcome != CommandOutcome.SUCCEEDED) {
      throw new IllegalStateException("/greet ended " + outcome + " after a reload");
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String report(int reloads, int warmup, long coldNanos, long[] nanos, long heapBefore, long heapAfter) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double p50 = millis(percentile(sorted, 0.50));
    double p99 = millis(percentile(sorted, 0.99));
    double cold = millis(coldNanos);
    String verdict = p50 <= 200 ? "met" : "MISSED";
    return String.format(Locale.ROOT, """
        | Measure | Value | Baseline, same run | Ratio | Target |
        |---|---:|---:|---:|---|
        | reload p50 | %.1f ms | first load %.1f ms | %.2f× | p50 ≤ 200 ms: %s |
        | reload p99 | %.1f ms | first load %.1f ms | %.2f× | |
        | reload max | %.1f ms | | | |
        | heap used after GC | %.1f MiB after %d reloads | %.1f MiB before them | %.2f× | |

        %d reloads measured after %d warm-up reloads; Java %s, %d processors.
        """, p50, cold, p50 / cold, verdict, p99, cold, p99 / cold, millis(sorted[sorted.length - 1]),
        heapAfter / 1048576.0, reloads, heapBefore / 1048576.0, (double) heapAfter / heapBefore, reloads, warmup,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
  }

  /**
   * The check's time on one plugin, {@code runs} runs after {@code warmup}; it must find nothing.
   *
   * @return the wall-clock times, sorted, and as the last element the mean CPU time of the checking thread
   */
  private static long[] timeCheck(LoadCheck loadCheck, Path location, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      passes(loadCheck.check(List.of(location), List.of()), location);
    }
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] nanos = new long[runs];
    long cpuStart = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      List<Finding> findings = loadCheck.check(List.of(location), List.of());
      nanos[i] = System.nanoTime() - start;
      passes(findings, location);
    }
    long cpuMean = (threads.getCurrentThreadCpuTime() - cpuStart) / runs;
    Arrays.sort(nanos);
    long[] result = Arrays.copyOf(nanos, runs + 1);
    result[runs] = cpuMean;
    return result;
  }

  /** The wall-clock times of {@link #timeCheck}'s result, without its CPU time. */
  private static long[] wall(long[] timed) {
    return Arrays.copyOf(timed, timed.length - 1);
  }

  private static void passes(List<Finding> findings, Path location) {
    if (!findings.isEmpty()) {
      throw new IllegalStateException(location + " does not pass the load-time check: " + findings);
    }
  }

  /** One row per cog of the directory with built classes: its class files and the check's p50 and p99 on them. */
  private static List<String> cogs(LoadCheck loadCheck, Path cogs, int warmup, int runs) throws IOException {
    List<Path> built;
    try (Stream<Path> list = Files.list(cogs)) {
      built = list.map(c -> c.resolve("target/classes")).filter(c -> Files.isRegularFile(c.resolve("plugin.properties"))).sorted().toList();
    }
    List<String> rows = new ArrayList<>();
    for (Path classes : built) {
      long count;
      try (Stream<Path> walk = Files.walk(classes)) {
        count = walk.filter(f -> f.toString().endsWith(".class")).count();
      }
      long[] timed = timeCheck(loadCheck, classes, warmup, runs);
      long[] nanos = wall(timed);
      rows.add(String.format(Locale.ROOT, "| %s | %d | %.2f ms | %.2f ms | %.2f ms |", classes.getParent().getParent().getFileName(),
          count, millis(percentile(nanos, 0.50)), millis(percentile(nanos, 0.99)), millis(timed[timed.length - 1])));
    }
    return rows;
  }

  private static String checkReport(long[] reloadNanos, long[] checkTimed, List<String> cogRows) {
    long[] sorted = reloadNanos.clone();
    Arrays.sort(sorted);
    double reload = millis(percentile(sorted, 0.50));
    double check = millis(percentile(wall(checkTimed), 0.50));
    return String.format(Locale.ROOT, """

        | Load-time check | Check alone, p50 | Reload without the check, same run | Ratio | Check CPU, mean |
        |---|---:|---:|---:|---:|
        | greeter jar | %.2f ms | %.1f ms (reload p50 − check p50) | %.3f× | %.2f ms |

        | Bundled cog (built classes) | Class files | Check p50 | Check p99 | Check CPU, mean |
        |---|---:|---:|---:|---:|
        %s

        Load average when the report was written: %s.
        """, check, reload - check, check / (reload - check), millis(checkTimed[checkTimed.length - 1]),
        String.join("\n", cogRows), loadAverage());
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", load);
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }



  /** Packs a class directory as a plugin jar, as the plugin's build would. */
  private static void jar(Path classes, Path jar) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
      for (Path file : files) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
  }
}
