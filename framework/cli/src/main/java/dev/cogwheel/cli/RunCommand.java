package dev.cogwheel.cli;

import dev.cogwheel.cli.config.CogwheelConfig;
import dev.cogwheel.cli.logging.Logging;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalDiscordConsole;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.panel.PanelServer;
import dev.cogwheel.runtime.Host;
import dev.cogwheel.runtime.discord.Bot;
import dev.cogwheel.runtime.metrics.MetricsServer;
import dev.cogwheel.runtime.plugin.CogwheelVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cogwheel run}: the bot. With DISCORD_TOKEN it connects to Discord; with {@code --local} it
 * starts the local Discord with its default world and opens a console where you type as its users.
 * Without a database URL it starts an embedded PostgreSQL whose data persists under the instance
 * directory. SIGTERM (or the end of the console's input) stops it gracefully: no new commands, the
 * plugins' work drained, group commits flushed, the pool closed. With {@code metrics.port} set it
 * serves Prometheus metrics at {@code GET /metrics} until it stops; with {@code panel.port} set, the
 * admin API and web panel ({@link PanelServer}).
 */
@Command(name = "run", description = {"Runs the bot.",
    "With DISCORD_TOKEN set it connects to Discord; with --local it runs against a local Discord on this machine, with a"
        + " console where you type as its users (help lists what you can type).",
    "Without DATABASE_URL it starts an embedded PostgreSQL 17 whose data stays in database.embedded-directory."})
final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @ParentCommand
  private CogwheelCli cli;

  @Mixin
  private HelpOption help;

  @Option(names = "--local", description = "Run against a local Discord with a console instead of the real one.")
  private boolean local;

  @Override
  public Integer call() throws Exception {
    CogwheelConfig config = CogwheelConfig.loadForRun(cli.configFile(), cli.environment().variables());
    Logging.registerSecrets(config.secrets(cli.environment().variables()));
    Logging.configure(config.logFormat(), config.logLevel());
    if (local && config.find(CogwheelConfig.MIGRATIONS_BACKUP).isEmpty()) {
      // A local run is a sandbox, and the embedded server's pg_dump is rarely on the PATH.
      config = config.withDefault(CogwheelConfig.MIGRATIONS_BACKUP, "false");
      log.info("migrations.backup_off reason=local_run hint=\"set migrations.backup=true to back up before plugin changesets\"");
    }
    Bot.Settings settings = config.botSettings();
    if (!local && settings.token().isEmpty()) {
      throw new CliException(ExitCodes.CONFIG, "DISCORD_TOKEN is not set, so there is no Discord to connect to. Set it (or"
          + " discord.token in the configuration file) to the bot token from Discord's developer portal, or try the bot"
          + " without Discord: cogwheel run --local");
    }
    // Closed first to last: the host, then the local Discord and the embedded database it ran against.
    List<AutoCloseable> resources = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> closeAll(resources, stopped), "cogwheel-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (config.find(CogwheelConfig.DATABASE_URL).isEmpty()) {
        EmbeddedDatabase embedded = EmbeddedDatabase.start(config.embeddedDatabaseDirectory());
        resources.add(0, embedded);
        config = config.withDatabaseUrl(embedded.jdbcUrl());
        log.info("database.embedded_started directory={}", config.embeddedDatabaseDirectory());
      }
      Host.Builder builder = Host.builder()
          .storage(config.storageSettings())
          .plugins(config.pluginRuntimeSettings(CogwheelVersion.forPlugins()));
      LocalDiscord discord = null;
      if (local) {
        discord = LocalDiscord.start(World.defaultWorld());
        resources.add(0, discord);
        Set<Long> owners = new HashSet<>(settings.owners());
        owners.add(Long.parseLong(discord.user("alice").id()));
        settings = settings.toBuilder().token(discord.token()).owners(owners).build();
        builder.discord(discord::configure);
      }
      builder.bot(settings);
      Optional<MetricsServer.Settings> metrics = config.metricsSettings();
      metrics.ifPresent(builder::metrics);
      Optional<PanelServer.Settings> panel = config.panelSettings();
      boolean backupBeforeUpgrade = settings.backupBeforeUpgrade();
      panel.ifPresent(panelSettings -> builder.component(host -> startPanel(panelSettings, host, backupBeforeUpgrade)));
      Host host = startHost(builder, metrics);
      resources.add(0, host);
      Bot bot = host.findBot().orElseThrow();
      if (local) {
        PrintStream out = System.out;
        out.println("Cogwheel " + CogwheelVersion.current() + " is running against a local Discord (" + bot.shardSummary()
            + "). You are alice, the guild's owner and a bot owner; type help, or quit to stop.");
        try (LocalDiscordConsole console = new LocalDiscordConsole(discord, out)) {
          console.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        return ExitCodes.OK;
      }
      log.info("bot.running shards={}", bot.shardSummary());
      stopped.await();
      return ExitCodes.OK;
    } finally {
      closeAll(resources, stopped);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran: the JVM is on its way out
      }
    }
  }

  private static Host startHost(Host.Builder builder, Optional<MetricsServer.Settings> metrics) throws InterruptedException {
    try {
      return builder.start();
    } catch (UncheckedIOException e) {
      MetricsServer.Settings settings = metrics.orElseThrow(() -> e);
      throw new CliException(ExitCodes.CONFIG, "The metrics endpoint cannot listen on " + settings.bind() + " port " + settings.port()
          + " (" + CogwheelConfig.METRICS_BIND + ", " + CogwheelConfig.METRICS_PORT + "): " + e.getCause().getMessage()
          + ". Choose a free port and an address of this machine, or unset " + CogwheelConfig.METRICS_PORT + " to run without metrics.");
    }
  }

  private static PanelServer startPanel(PanelServer.Settings settings, Host host, boolean backupBeforeUpgrade) {
    try {
      return PanelServer.start(settings, host.plugins(), host.storage(), host.findMetrics(), backupBeforeUpgrade);
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.CONFIG, "The panel cannot listen on " + settings.bind() + " port " + settings.port()
          + " (" + CogwheelConfig.PANEL_BIND + ", " + CogwheelConfig.PANEL_PORT + "): " + e.getMessage()
          + ". Choose a free port and an address of this machine, or unset " + CogwheelConfig.PANEL_PORT + " to run without the panel.");
    }
  }

  /** Closes the host, then the local Discord and the embedded database, once. */
  private static void closeAll(List<AutoCloseable> resources, CountDownLatch stopped) {
    synchronized (resources) {
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception e) {
          log.warn("bot.stop_failed {}: {}", resource.getClass().getSimpleName(), e.toString());
        }
      }
      resources.clear();
      stopped.countDown();
    }
  }
}
