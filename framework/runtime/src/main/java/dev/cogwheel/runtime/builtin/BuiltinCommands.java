package dev.cogwheel.runtime.builtin;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandHandler;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionChoice;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.CogwheelVersion;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.runtime.plugin.PluginState;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * The host's own commands: {@code /plugins} and {@code /db} and {@code /sync} for the bot's owners,
 * {@code /mydata} and {@code /about} for everyone. Answers are ephemeral.
 */
public final class BuiltinCommands {

  /** The prefix of the confirmation buttons of {@code /mydata forget}. */
  public static final String FORGET_BUTTON = "cogwheel:forget:";

  private final CogwheelPluginManager manager;
  private final StorageBackend backend;
  private final MyData myData;
  private final Instant started = Instant.now();
  private final Supplier<String> shards;
  private final Function<Boolean, String> sync;
  private final boolean backupBeforeUpgrade;

  public BuiltinCommands(CogwheelPluginManager manager, StorageBackend backend, MyData myData, Supplier<String> shards,
      Function<Boolean, String> sync, boolean backupBeforeUpgrade) {
    this.manager = manager;
    this.backend = backend;
    this.myData = myData;
    this.shards = shards;
    this.sync = sync;
    this.backupBeforeUpgrade = backupBeforeUpgrade;
  }

  public List<SlashCommand> commands() {
    CommandOption.Builder plugin = CommandOption.builder("plugin", OptionType.STRING, "The plugin id").required()
        .autocomplete(a -> manager.list().stream().map(PluginInfo::id).filter(id -> id.startsWith(a.typed()))
            .limit(25).map(OptionChoice::of).toList());
    return List.of(
        SlashCommand.builder("plugins", "Manage the bot's plugins").ownerOnly()
            .subcommand(leaf("list", "Every plugin with its state", this::list))
            .subcommand(withPlugin("info", "One plugin in detail", plugin, this::info))
            .subcommand(withPlugin("load", "Load and start a plugin", plugin, c -> lifecycle(c, manager::load)))
            .subcommand(withPlugin("unload", "Stop and unload a plugin", plugin, c -> lifecycle(c, manager::unload)))
            .subcommand(withPlugin("reload", "Reload a plugin from its jar", plugin, c -> lifecycle(c, manager::reload)))
            .subcommand(withPlugin("enable", "Enable a disabled plugin", plugin, c -> lifecycle(c, manager::enable)))
            .subcommand(withPlugin("disable", "Disable a plugin, across restarts", plugin, c -> lifecycle(c, manager::disable)))
            .build(),
        SlashCommand.builder("db", "The bot's database").ownerOnly()
            .subcommand(leaf("status", "Migrations applied and pending, per source", this::dbStatus))
            .subcommand(leaf("plan", "What is pending and what waits for approval", this::dbPlan))
            .subcommand(leaf("upgrade", "Apply what may apply (with a backup first)", this::dbUpgrade))
            .build(),
        SlashCommand.builder("sync", "Push the bot's commands to Discord now").ownerOnly()
            .handler(c -> c.replyEphemeral(sync.apply(true))).build(),
        SlashCommand.builder("mydata", "What this bot stores about you")
            .subcommand(leaf("export", "Send me everything stored about me", this::export))
            .subcommand(leaf("forget", "Delete everything stored about me", this::forget))
            .build(),
        SlashCommand.builder("about", "About this bot").handler(this::about).build());
  }

  private static SlashCommand leaf(String name, String description, CommandHandler handler) {
    return SlashCommand.builder(name, description).handler(handler).build();
  }

  private static SlashCommand withPlugin(String name, String description, CommandOption.Builder plugin, CommandHandler handler) {
    return SlashCommand.builder(name, description).option(plugin).handler(handler).build();
  }

  private void list(CommandContext c) {
    List<PluginInfo> plugins = manager.list();
    if (plugins.isEmpty()) {
      c.replyEphemeral("No plugins are installed.");
      return;
    }
    c.replyEphemeral(plugins.stream().map(p -> "**" + p.id() + "** " + p.version() + ": " + p.state()
        + (p.reason().isEmpty() ? "" : " (" + p.reason() + ")")).collect(Collectors.joining("\n")));
  }

  private static final int QUARANTINE_SHOWN = 3;

  private PluginInfo plugin(CommandContext c) {
    String id = c.string("plugin");
    return manager.find(id).orElseThrow(() -> new CommandException("There is no plugin " + id + "; /plugins list shows them."));
  }

  private void info(CommandContext c) {
    PluginInfo p = plugin(c);
    c.replyEphemeral("**" + p.id() + "** " + p.version() + ": " + p.state()
        + (p.reason().isEmpty() ? "" : "\nReason: " + p.reason())
        + (p.description().isEmpty() ? "" : "\n" + p.description())
        + "\nStores about users: " + (p.userData().isEmpty() ? "(the plugin does not say)" : p.userData())
        + "\nDepends on: " + (p.dependencies().isEmpty() ? "nothing" : String.join(", ", p.dependencies()))
        + "\nFrom: " + p.file().getFileName()
        + (p.leftovers().isEmpty() ? "" : "\nLeft behind after stop: " + String.join("; ", p.leftovers()))
        + quarantined(p));
  }

  /** The quarantined items, the first few in full: a message holds 2,000 characters. */
  private static String quarantined(PluginInfo p) {
    if (p.quarantined().isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("\nQuarantined data (" + p.quarantined().size() + ", kept but not used; fix or"
        + " delete it):");
    p.quarantined().stream().limit(QUARANTINE_SHOWN)
        .forEach(item -> text.append("\n- `").append(item.key().replace("`", "'")).append("`: ").append(item.problem()));
    if (p.quarantined().size() > QUARANTINE_SHOWN) {
      text.append("\n- and ").append(p.quarantined().size() - QUARANTINE_SHOWN).append(" more: the panel and the log list them");
    }
    return text.toString();

  }

  private void lifecycle(CommandContext c, Function<String, PluginInfo> operation) {
    PluginInfo before = plugin(c);
    c.defer(true);
    PluginInfo after = operation.apply(before.id());
    c.followUp(after.id() + " " + after.version() + " is " + after.state() + (after.reason().isEmpty() ? "." : ": " + after.reason()));
  }

  private void dbStatus(CommandContext c) {
    c.replyEphemeral(backend.migrations().status().stream().map(BuiltinCommands::status).collect(Collectors.joining("\n")));
  }

  private static String status(SourceStatus s) {
    return "**" + s.source() + "**: " + s.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", " + s.applied()
        + " applied, " + s.pending().size() + " pending" + (s.problem().isEmpty() ? "" : " (" + s.problem() + ")");
  }

  private void dbPlan(CommandContext c) {
    StringBuilder text = new StringBuilder();
    for (SourceStatus s : backend.migrations().status()) {
      for (PendingChangeset p : s.pending()) {
        text.append(s.source()).append(": ").append(p).append('\n');
      }
    }
    c.replyEphemeral(text.length() == 0 ? "Nothing is pending." : text.toString()
        + "Approve with `cogwheel db approve <changeset>` on the bot's machine.");
  }

  private void dbUpgrade(CommandContext c) {
    c.defer(true);
    UpgradeResult result = backend.migrations().upgrade(null, backupBeforeUpgrade);
    int applied = result.appliedNow().stream().mapToInt(Integer::intValue).sum();
    c.followUp("Applied " + applied + " changeset(s)" + result.backup().map(b -> " after a backup (" + b.getFileName() + ")").orElse("")
        + ".\n" + result.sources().stream().map(BuiltinCommands::status).collect(Collectors.joining("\n")));
  }

  private void export(CommandContext c) {
    String json = myData.export(myData.pids(c.guildId(), c.userId()));
    if (json.equals("{ }") || json.equals("{}")) {
      c.replyEphemeral("No plugin stores anything about you" + (c.guildId().isPresent() ? " in this server." : "."));
      return;
    }
    c.defer(true);
    int chunk = 1900;
    for (int start = 0; start < json.length(); start += chunk) {
      c.followUp("```json\n" + json.substring(start, Math.min(json.length(), start + chunk)) + "\n```");
    }
  }

  private void forget(CommandContext c) {
    if (c.interaction().isEmpty()) {
      throw new CommandException("/mydata forget asks for a confirmation button, so it works only from Discord.");
    }
    String id = FORGET_BUTTON + c.guildId().orElse(0L) + ":" + c.userId();
    c.interaction().get().reply("This deletes everything this bot's plugins store about you"
            + (c.guildId().isPresent() ? " in this server" : "") + ". It cannot be undone.")
        .setEphemeral(true)
        .addComponents(ActionRow.of(Button.danger(id, "Delete my data"), Button.secondary(FORGET_BUTTON + "cancel", "Keep it")))
        .complete();
  }

  private void about(CommandContext c) {
    List<PluginInfo> plugins = manager.list();
    long running = plugins.stream().filter(p -> p.state() == PluginState.STARTED).count();
    Duration up = Duration.between(started, Instant.now());
    c.replyEphemeral("Cogwheel " + CogwheelVersion.current() + "\nUp for " + up.toDays() + "d " + up.toHoursPart() + "h "
        + up.toMinutesPart() + "m\nPlugins: " + running + " running of " + plugins.size()
        + (plugins.isEmpty() ? "" : " (" + plugins.stream().map(PluginInfo::id).collect(Collectors.joining(", ")) + ")")
        + "\nShards: " + shards.get());
  }

  /**
   * What pressing a {@code /mydata forget} button does.
   *
   * @param customId the button's id
   * @param presserId who pressed it
   * @return the text to show instead of the question
   */
  public String confirmForget(String customId, long presserId) {
    String rest = customId.substring(FORGET_BUTTON.length());
    if (rest.equals("cancel")) {
      return "Nothing was deleted.";
    }
    String[] parts = rest.split(":");
    long guild = Long.parseLong(parts[0]);
    long user = Long.parseLong(parts[1]);
    if (user != presserId) {
      return "Only the person who asked can confirm this.";
    }
    Map<String, Integer> deleted = myData.forget(myData.pids(guild == 0 ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(guild), user));
    int total = deleted.values().stream().mapToInt(Integer::intValue).sum();
    return "Deleted " + total + " record(s)" + (total == 0 ? "" : ": " + deleted.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))) + ".";
  }
}
