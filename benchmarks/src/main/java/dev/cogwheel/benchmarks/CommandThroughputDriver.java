package dev.cogwheel.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.localdiscord.History;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.runtime.Host;
import dev.cogwheel.runtime.command.CommandDispatcher;
import dev.cogwheel.runtime.command.CommandInvocation;
import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.command.DefaultCommandContext;
import dev.cogwheel.runtime.discord.Bot;
import dev.cogwheel.runtime.discord.CommandSync;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.CogwheelVersion;
import dev.cogwheel.runtime.plugin.PluginRuntimeSettings;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.testing.postgres.TestSchema;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The command throughput load driver: the greeter cog in a real bot (JDA over a ShardManager) on the
 * local Discord and the benchmark database; simulated users invoke {@code /greet} concurrently, each
 * waiting for its reply before the next, through the whole path (local Discord, gateway, JDA,
 * dispatch, the cog, a group-committed increment, the reply callback). It reports commands per second
 * and the latency p50 / p99, and, measured in the same run, the dispatcher ({@code dispatch} with the
 * answers dropped) against calling the cog's handler directly with the same context, both doing the
 * same storage work.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.cogwheel.benchmarks.CommandThroughputDriver
 *     [--users N] [--seconds S] [--warmup S] [--classes plugins/greeter/target/classes] [--docs docs/benchmarks.md]
 *     [--full-only]   (the full path alone, one line: for profiling)
 * </pre>
 */
public final class CommandThroughputDriver {

  private CommandThroughputDriver() {}

  /** What the local Discord keeps during a run: the latest 1,000 actions and messages, interactions for 1 s. */
  static final History DRIVER_HISTORY = new History(1_000, 1_000, Duration.ofSeconds(1));

  private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** What one measured phase saw: commands, time, latencies, this JVM's CPU time and the load average at its end. */
  private record Phase(long operations, double seconds, long[] latencyNanos, long cpuNanos, double load) {
    double perSecond() {
      return operations / seconds;
    }

    double cpuMillisPerOperation() {
      return cpuNanos / 1e6 / operations;
    }

    double percentileMillis(double p) {
      long[] sorted = latencyNanos.clone();
      Arrays.sort(sorted);
      int index = Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1));
      return sorted.length == 0 ? Double.NaN : sorted[index] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    drive(args);
    // JDA's and the pools' threads may outlive their close; the driver is done.
    System.exit(0);
  }

  private static void drive(String[] args) throws Exception {
    // Little's law: 2,000 commands/s at about 10 ms each (one user's latency on this machine) needs
    // about 20 commands in flight, so 16 users could not reach the target even on an idle machine.
    int users = 32;
    int seconds = 15;
    // The JIT compiler needs tens of seconds on 2 cores for this path (Jetty, JDA, OkHttp, MyBatis);
    // after 5 s it still used a large share of the CPU in the measured window.
    int warmup = 30;
    Path classes = Path.of("plugins/greeter/target/classes");
    Path docs = null;
    boolean fullOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--users" -> users = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--classes" -> classes = Path.of(args[++i]);
        case "--docs" -> docs = Path.of(args[++i]);
        case "--full-only" -> fullOnly = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --users N, --seconds S, --warmup S, --classes DIR, --docs FILE, --full-only");
      }
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      names.add("user" + i);
    }
    World world = World.builder().users(names.toArray(String[]::new))
        .guild("Bench", g -> {
          g.owner(names.get(0)).botRole("Cogwheel", World.Permissions.ADMINISTRATOR).textChannel("general");
          names.forEach(g::member);
        })
        .build();
    TestSchema schema = BenchDatabase.createSchema("commands");
    PostgresStorageBackend backend = BenchDatabase.open(schema, Map.of());
    // A bot answers in milliseconds; keeping every interaction, message and REST call of a run
    // (about 100,000 commands) would measure the local Discord's heap, not the path.
    try (LocalDiscord discord = LocalDiscord.start(world, DRIVER_HISTORY)) {
      PluginRuntimeSettings settings = PluginRuntimeSettings.builder(Path.of("no-plugins-directory"), CogwheelVersion.forPlugins())
          .developmentPlugins(List.of(classes)).handlerThreads(8).backupBeforeMigrations(false).build();
      Bot.Settings bot = Bot.Settings.builder(discord.token()).backupBeforeUpgrade(false).build();
      try (Host host = Host.builder().storage(backend).plugins(settings).bot(bot).discord(discord::configure).start()) {
        CogwheelPluginManager manager = host.plugins();
        Bot running = host.findBot().orElseThrow();
        LocalChannel general = discord.guild().channel("general");
        List<LocalUser> clients = names.stream().map(discord::user).toList();
        IntConsumer throughDiscord = i -> clients.get(i).invoke(general, "/greet").awaitReply(Duration.ofSeconds(30));
        run(users, warmup, throughDiscord);
        Phase full = run(users, seconds, throughDiscord);
        if (fullOnly) {
          System.out.printf(Locale.ROOT, "full path: %.0f commands/s, p50 %.2f ms, p99 %.2f ms, JVM CPU %.2f ms per command, load %.1f%n",
              full.perSecond(), full.percentileMillis(0.5), full.percentileMillis(0.99), full.cpuMillisPerOperation(), full.load());
          return;
        }

        CommandDispatcher dispatcher = manager.commands();
        long guild = Long.parseLong(discord.guild().id());
        SlashCommand greet = dispatcher.commands().stream().filter(c -> c.command().name().equals("greet")).findFirst()
            .orElseThrow().command();
        IntConsumer dispatched = i -> {
          try {
            CommandOutcome outcome = dispatcher.dispatch(invocation(guild, i), DriverSupport.DROP).get(30, TimeUnit.SECONDS).outcome();
            if (outcome != CommandOutcome.SUCCEEDED) {
              throw new IllegalStateException("/greet ended " + outcome);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
        IntConsumer direct = i -> {
          CommandInvocation invocation = invocation(guild, i);
          try {
            greet.handler().orElseThrow().handle(new DefaultCommandContext(invocation,
                backend.pids().member(guild, invocation.userId()), DriverSupport.DROP));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
        run(users, warmup, dispatched);
        Phase viaDispatch = run(users, seconds, dispatched);
        run(users, warmup, direct);
        Phase viaHandler = run(users, seconds, direct);
        String report = report(users, seconds, warmup, full, viaDispatch, viaHandler, running.shardSummary());
        System.out.print(report);
        if (docs != null) {
          DriverSupport.updateSection(docs, "commands", report);
        }
      }
    } finally {
      BenchDatabase.closeAll(schema, backend);
    }
  }


  private static CommandInvocation invocation(long guild, int user) {
    return new CommandInvocation("greet", Optional.empty(), Optional.empty(), Map.of(), OptionalLong.of(guild), 2L,
        1_000_000_000_000_000_000L + user, false, Optional.empty());
  }

  /** Runs {@code users} callers for a while, each calling {@code call} with its number in a loop. */
  private static Phase run(int users, int seconds, IntConsumer call) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(users);
    ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    long[] window = new long[2];
    List<Future<Long>> counts = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int user = u;
      counts.add(callers.submit(() -> {
        start.await();
        long end = window[1];
        long done = 0;
        long[] mine = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          call.accept(user);
          long took = System.nanoTime() - t0;
          if (n == mine.length) {
            mine = Arrays.copyOf(mine, n * 2);
          }
          mine[n++] = took;
          done++;
        }
        latencies.add(Arrays.copyOf(mine, n));
        return done;
      }));
    }
    long cpu = OS.getProcessCpuTime();
    window[0] = System.nanoTime();
    window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
    start.countDown();
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get(seconds + 120L, TimeUnit.SECONDS);
    }
    double took = (System.nanoTime() - window[0]) / 1e9;
    callers.shutdown();
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
    return new Phase(total, took, all, OS.getProcessCpuTime() - cpu, OS.getSystemLoadAverage());
  }

  private static String report(int users, int seconds, int warmup, Phase full, Phase dispatch, Phase direct, String shards) {
    return String.format(Locale.ROOT, """
        | Path | Commands/s | p50 | p99 | JVM CPU per command | Load average at end | Target |
        |---|---:|---:|---:|---:|---:|---|
        | local Discord -> JDA -> dispatch -> greeter -> storage -> reply | %.0f | %.2f ms | %.2f ms | %.2f ms | %.1f | ≥ 2,000/s: %s; p99 ≤ 50 ms: %s |
        | `CommandDispatcher.dispatch`, answers dropped | %.0f | %.2f ms | %.2f ms | %.2f ms | %.1f | |
        | the greeter's handler called directly (baseline) | %.0f | %.2f ms | %.2f ms | %.2f ms | %.1f | |

        Dispatch against the direct call, same run: %.2f× the throughput, p50 %.2f× the latency.
        %d concurrent users, %d s measured per path after a %d s warm-up; shards %s; Java %s, %d processors. JVM CPU is this
        process's (the local Discord, JDA, the bot and the simulated users), not PostgreSQL's.
        """,
        full.perSecond(), full.percentileMillis(0.5), full.percentileMillis(0.99), full.cpuMillisPerOperation(), full.load(),
        full.perSecond() >= 2000 ? "met" : "MISSED", full.percentileMillis(0.99) <= 50 ? "met" : "MISSED",
        dispatch.perSecond(), dispatch.percentileMillis(0.5), dispatch.percentileMillis(0.99), dispatch.cpuMillisPerOperation(),
        dispatch.load(),
        direct.perSecond(), direct.percentileMillis(0.5), direct.percentileMillis(0.99), direct.cpuMillisPerOperation(), direct.load(),
        dispatch.perSecond() / direct.perSecond(), dispatch.percentileMillis(0.5) / direct.percentileMillis(0.5),
        users, seconds, warmup, shards, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
  }


}
