package dev.cogwheel.runtime.command;

import dev.cogwheel.api.command.AutocompleteContext;
import dev.cogwheel.api.command.AutocompleteHandler;
import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionChoice;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.runtime.work.PluginDoor;
import dev.cogwheel.runtime.work.PluginUnavailableException;
import dev.cogwheel.runtime.work.PluginVersion;
import dev.cogwheel.runtime.work.Work;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.PidDeriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes slash command invocations to the plugin that declared the command, through that plugin's
 * {@link WorkGate}: while the plugin reloads, an invocation waits for the new version (up to the queue
 * timeout) instead of failing. Options are validated before the handler runs; a handler that throws
 * or runs too long is isolated and the user always gets an answer.
 *
 * <p>Thread-safe.
 */
public final class CommandDispatcher implements CommandRoutes {

  private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

  /** A command and the plugin that declared it. */
  public record RegisteredCommand(String pluginId, SlashCommand command) {}

  /** The owner name of the host's own commands in results and logs. */
  public static final String HOST = "cogwheel";

  private final Map<String, String> routes = new ConcurrentHashMap<>();
  private final Map<String, SlashCommand> hostCommands = new ConcurrentHashMap<>();
  private final java.util.concurrent.ExecutorService hostExecutor;
  private final Function<String, Optional<? extends PluginDoor>> plugins;
  private final String hostVersion;
  private final PidDeriver pids;
  private final ScheduledExecutorService timer;
  private final Duration handlerTimeout;
  private final Duration queueTimeout;

  public CommandDispatcher(Function<String, Optional<? extends PluginDoor>> plugins, String hostVersion, PidDeriver pids,
      ScheduledExecutorService timer, Duration handlerTimeout, Duration queueTimeout) {
    this.plugins = plugins;
    this.hostVersion = hostVersion;
    this.pids = pids;
    this.timer = timer;
    this.handlerTimeout = handlerTimeout;
    this.queueTimeout = queueTimeout;
    AtomicInteger threads = new AtomicInteger();
    this.hostExecutor = java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "cogwheel-command-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Declares one of the host's own commands ({@code /plugins}, {@code /about}, ...). They run on the
   * host's threads, with the same validation, answers and timeout as a plugin's, and no plugin may
   * take their names.
   *
   * @param command the command
   * @throws IllegalArgumentException if the name is taken
   */
  public void registerHostCommand(SlashCommand command) {
    if (routes.containsKey(command.name()) || hostCommands.putIfAbsent(command.name(), command) != null) {
      throw new IllegalArgumentException("/" + command.name() + " is already a command of this bot.");
    }
  }

  /**
   * The host's own threads, for host work that must not run on JDA's event thread.
   *
   * @return the executor
   */
  public java.util.concurrent.Executor hostExecutor() {
    return hostExecutor;
  }

  /** Stops the host's command threads. */
  public void close() {
    hostExecutor.shutdownNow();
  }

  @Override
  public void claim(String name, String pluginId) {
    if (hostCommands.containsKey(name)) {
      throw new IllegalArgumentException("Plugin " + pluginId + " cannot register /" + name + ": it is one of the bot's own commands.");
    }
    routes.compute(name, (n, holder) -> {
      if (holder != null && !holder.equals(pluginId) && active(holder)) {
        throw new IllegalArgumentException("Plugin " + pluginId + " cannot register /" + name + ": plugin " + holder
            + " already has a command of that name.");
      }
      return pluginId;
    });
  }

  @Override
  public void release(String name, String pluginId) {
    routes.remove(name, pluginId);
  }

  /** Forgets the routes of a plugin that is no longer running, except the names it holds now. */
  public void retain(String pluginId, List<String> names) {
    routes.entrySet().removeIf(e -> e.getValue().equals(pluginId) && !names.contains(e.getKey()));
  }

  private boolean active(String pluginId) {
    return plugins.apply(pluginId).map(PluginDoor::accepting).orElse(false);
  }

  /**
   * The commands of every started plugin, for syncing with Discord.
   *
   * @return the commands, by plugin
   */
  public List<RegisteredCommand> commands() {
    List<RegisteredCommand> all = new ArrayList<>();
    hostCommands.values().forEach(c -> all.add(new RegisteredCommand(HOST, c)));
    routes.forEach((name, pluginId) -> {
      plugins.apply(pluginId).flatMap(PluginDoor::loaded).flatMap(loaded -> loaded.command(name))
          .ifPresent(c -> all.add(new RegisteredCommand(pluginId, c)));
    });
    all.sort(java.util.Comparator.comparing(c -> c.command().name()));
    return all;
  }

  /**
   * Runs one invocation.
   *
   * @param invocation the invocation
   * @param responder where the answers go
   * @return how it ended; completes after the handler finished, or when it was given up
   */
  public CompletableFuture<CommandResult> dispatch(CommandInvocation invocation, CommandResponder responder) {
    long start = System.nanoTime();
    // The caller's future completes after the invocation is counted, so what it sees is in the meters.
    return route(invocation, responder).whenComplete((result, failure) -> CommandMetrics.record(
        result == null ? "" : result.pluginId(), invocation.command(), result == null ? CommandOutcome.FAILED : result.outcome(),
        System.nanoTime() - start));
  }

  private CompletableFuture<CommandResult> route(CommandInvocation invocation, CommandResponder responder) {
    SlashCommand host = hostCommands.get(invocation.command());
    if (host != null) {
      Run run = new Run(null, invocation, responder);
      run.phase.set(Run.RUNNING);
      try {
        hostExecutor.execute(() -> run.execute(HOST, hostVersion, Optional.of(host), UnaryOperator.identity()));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        run.refuse("The bot is shutting down.");
      }
      return run.result;
    }
    String pluginId = routes.get(invocation.command());
    PluginDoor slot = pluginId == null ? null : plugins.apply(pluginId).orElse(null);
    if (slot == null) {
      String message = "There is no command /" + invocation.command() + " here.";
      responder.reply(message, true);
      return CompletableFuture.completedFuture(new CommandResult(CommandOutcome.UNKNOWN, "", message));
    }
    Run run = new Run(slot, invocation, responder);
    run.queueTimer = timer.schedule(run::queueTimedOut, queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
    slot.gate().submit(run);
    return run.result;
  }

  /**
   * Asks the plugin that owns a command for suggestions while a user types an option.
   *
   * @param invocation the command being typed, with the options given so far
   * @param option the option being typed
   * @param typed what the user typed in it so far
   * @return the suggestions (at most 25); empty when the option has no autocomplete, or the plugin is
   *     unavailable, fails or is too slow (logged)
   */
  public CompletableFuture<List<OptionChoice>> autocomplete(CommandInvocation invocation, String option, String typed) {
    String pluginId = routes.get(invocation.command());
    PluginDoor slot = pluginId == null ? null : plugins.apply(pluginId).orElse(null);
    CompletableFuture<List<OptionChoice>> result = new CompletableFuture<>();
    if (slot == null) {
      result.complete(List.of());
      return result;
    }
    timer.schedule(() -> result.complete(List.of()), handlerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    slot.gate().submit(new Work() {
      @Override
      public void run(PluginVersion plugin) {
        Optional<AutocompleteHandler> handler = plugin.command(invocation.command())
            .flatMap(c -> c.leaf(invocation.group(), invocation.subcommand()))
            .flatMap(leaf -> leaf.options().stream().filter(o -> o.name().equals(option)).findFirst())
            .flatMap(CommandOption::autocomplete);
        if (handler.isEmpty()) {
          result.complete(List.of());
          return;
        }
        Pid caller = invocation.guildId().isPresent()
            ? pids.member(invocation.guildId().getAsLong(), invocation.userId())
            : pids.user(invocation.userId());
        try {
          List<OptionChoice> choices = handler.get().suggest(
              new AutocompleteContext(invocation.path(), option, typed, invocation.guildId(), caller));
          result.complete(choices.size() > 25 ? List.copyOf(choices.subList(0, 25)) : List.copyOf(choices));
        } catch (Exception | LinkageError e) {
          log.warn("command.autocomplete_failed plugin={} version={} command=/{} option={}", plugin.pluginId(), plugin.version(),
              invocation.path(), option, e);
          result.complete(List.of());
        }
      }

      @Override
      public void fail(PluginUnavailableException reason) {
        result.complete(List.of());
      }

      @Override
      public boolean abandoned() {
        return result.isDone();
      }
    });
    return result;
  }

  /** One invocation on its way through the gate. */
  private final class Run implements Work {
    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int GIVEN_UP = 2;

    final PluginDoor slot;
    final String ownerId;
    final CommandInvocation invocation;
    final CommandResponder responder;
    final CompletableFuture<CommandResult> result = new CompletableFuture<>();
    final AtomicInteger phase = new AtomicInteger(WAITING);
    volatile ScheduledFuture<?> queueTimer;

    /** An invocation of a plugin's command; {@code slot} is null for one of the host's own commands. */
    Run(PluginDoor slot, CommandInvocation invocation, CommandResponder responder) {
      this.slot = slot;
      this.ownerId = slot == null ? HOST : slot.pluginId();
      this.invocation = invocation;
      this.responder = responder;
    }

    @Override
    public boolean abandoned() {
      return phase.get() == GIVEN_UP;
    }

    void queueTimedOut() {
      if (phase.compareAndSet(WAITING, GIVEN_UP)) {
        giveUp(new PluginUnavailableException(slot.pluginId(), "plugin " + slot.pluginId() + " did not come back within "
            + queueTimeout.toSeconds() + " s (" + slot.status() + ")"));
      }
    }

    @Override
    public void fail(PluginUnavailableException reason) {
      if (phase.compareAndSet(WAITING, GIVEN_UP)) {
        cancelQueueTimer();
        giveUp(reason);
      }
    }

    private void giveUp(PluginUnavailableException reason) {
      String message = "/" + invocation.path() + " is unavailable right now; the bot's operators have been told.";
      log.warn("command.unavailable plugin={} command=/{}: {}", slot.pluginId(), invocation.path(), reason.getMessage());
      try {
        responder.reply(message, true);
      } finally {
        result.complete(new CommandResult(CommandOutcome.UNAVAILABLE, slot.pluginId(), message));
      }
    }

    private void cancelQueueTimer() {
      ScheduledFuture<?> t = queueTimer;
      if (t != null) {
        t.cancel(false);
      }
    }

    @Override
    public void run(PluginVersion plugin) {
      if (!phase.compareAndSet(WAITING, RUNNING)) {
        return;
      }
      cancelQueueTimer();
      execute(plugin.pluginId(), plugin.version(), plugin.command(invocation.command()),
          context -> plugin.expose(CommandContext.class, context));
    }

    /**
     * Checks the invocation against its command, then runs the handler under the watchdog, handing it the
     * context as {@code exposure} turns it into what the command's owner may hold.
     */
    void execute(String owner, String ownerVersion, Optional<SlashCommand> declared,
        UnaryOperator<CommandContext> exposure) {
      Optional<SlashCommand> leaf = declared.flatMap(c -> c.leaf(invocation.group(), invocation.subcommand()));
      if (leaf.isEmpty()) {
        refuse("/" + invocation.path() + " is not a command of this bot any more.");
        return;
      }
      SlashCommand command = declared.orElseThrow();
      if (command.guildOnly() && invocation.guildId().isEmpty()) {
        refuse("/" + invocation.path() + " works only in a server, not in direct messages.");
        return;
      }
      if (command.ownerOnly() && !invocation.owner()) {
        refuse("/" + invocation.path() + " is only for the bot's owners.");
        return;
      }
      Optional<String> problem = OptionValidator.check(leaf.get(), invocation.path(), invocation.options());
      if (problem.isPresent()) {
        refuse(problem.get());
        return;
      }
      Pid caller = invocation.guildId().isPresent()
          ? pids.member(invocation.guildId().getAsLong(), invocation.userId())
          : pids.user(invocation.userId());
      DefaultCommandContext context = new DefaultCommandContext(invocation, caller, responder);
      Thread worker = Thread.currentThread();
      ScheduledFuture<?> watchdog = timer.schedule(() -> {
        String message = "/" + invocation.path() + " took too long and was stopped.";
        if (result.complete(new CommandResult(CommandOutcome.TIMED_OUT, owner, message))) {
          log.warn("command.timed_out plugin={} version={} command=/{} after {} ms", owner, ownerVersion,
              invocation.path(), handlerTimeout.toMillis());
          worker.interrupt();
        }
      }, handlerTimeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        leaf.get().handler().orElseThrow().handle(exposure.apply(context));
        if (!result.isDone()) {
          context.finish();
        }
        result.complete(new CommandResult(CommandOutcome.SUCCEEDED, owner, ""));
      } catch (CommandException e) {
        tellQuietly(context, e.getMessage());
        result.complete(new CommandResult(CommandOutcome.REFUSED, owner, e.getMessage()));
      } catch (Exception | LinkageError e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (result.isDone()) {
          tellQuietly(context, "/" + invocation.path() + " took too long and was stopped.");
        } else {
          String errorId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
          log.error("command.failed plugin={} version={} command=/{} error_id={}", owner, ownerVersion,
              invocation.path(), errorId, e);
          tellQuietly(context, "Something went wrong (error id " + errorId + "). The bot's operators can look it up.");
          result.complete(new CommandResult(CommandOutcome.FAILED, owner, errorId));
        }
      } finally {
        watchdog.cancel(false);
        Thread.interrupted();
      }
    }

    private void refuse(String message) {
      try {
        responder.reply(message, true);
      } finally {
        result.complete(new CommandResult(CommandOutcome.REFUSED, ownerId, message));
      }
    }

    private void tellQuietly(DefaultCommandContext context, String message) {
      try {
        context.tell(message);
      } catch (RuntimeException e) {
        log.warn("command.answer_failed plugin={} command=/{}: {}", ownerId, invocation.path(), e.toString());
      }
    }
  }
}
