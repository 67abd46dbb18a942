package dev.cogwheel.runtime.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.localdiscord.InteractionHandle;
import dev.cogwheel.localdiscord.InvalidInteractionException;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.LogGuard;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginState;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot end to end: the real JDA client (ShardManager) logged in to the local Discord, the plugin
 * host with a real cog, commands typed by users, answers read back from the local Discord. Fails on
 * any WARN or ERROR line.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BotTest {

  @RegisterExtension
  static final LogGuard logs = new LogGuard();

  static final Duration WAIT = Duration.ofSeconds(20);

  static final String CHANGELOG = """
      databaseChangeLog:
        - changeSet:
            id: 0001-items
            author: test
            changes:
              - createTable:
                  tableName: notes_items
                  columns:
                    - column: {name: guild_id, type: bigint, constraints: {nullable: false}}
                    - column: {name: pid, type: char(64), constraints: {nullable: false}}
                    - column: {name: body, type: text, constraints: {nullable: false}}
              - addPrimaryKey: {tableName: notes_items, columnNames: "guild_id, pid, body"}
      """;

  static final String NOTES = """
      dev.cogwheel.storage.config.ConfigKey<Integer> limit = dev.cogwheel.storage.config.ConfigKey
          .builder("limit", dev.cogwheel.storage.config.ConfigType.INTEGER).defaultValue(5).description("Notes per member").build();
      context.storage().config().register(limit);
      dev.cogwheel.storage.table.Table<Note> notes = context.storage().table("notes_items", Note.class);
      context.commands().register(SlashCommand.builder("note", "Keeps a note").guildOnly()
          .option(CommandOption.builder("text", OptionType.STRING, "The note").required().max(100))
          .handler(c -> { notes.insert(new Note(c.guildId().getAsLong(), c.caller(), c.string("text"))); c.reply("noted: " + c.string("text")); })
          .build());
      context.commands().register(SlashCommand.builder("echo", "Says it back")
          .option(CommandOption.builder("text", OptionType.STRING, "What").required())
          .option(CommandOption.builder("times", OptionType.INTEGER, "How often").range(1, 3))
          .handler(c -> c.reply(String.join(" ", java.util.Collections.nCopies((int) (long) c.findInteger("times").orElse(1L), c.string("text")))))
          .build());
      context.commands().register(SlashCommand.builder("slow", "Thinks first")
          .handler(c -> { c.defer(false); c.followUp("thought about it"); }).build());
      context.storage().userData().register(new dev.cogwheel.storage.privacy.UserDataHook() {
        public List<dev.cogwheel.storage.privacy.UserDataRecord> export(dev.cogwheel.storage.Pid pid) {
          return notes.query(dev.cogwheel.storage.table.Query.where("pid", pid)).stream()
              .map(n -> new dev.cogwheel.storage.privacy.UserDataRecord("notes_items", Map.of("body", n.body()))).toList();
        }
        public int delete(dev.cogwheel.storage.Pid pid) { return notes.deleteWhere(dev.cogwheel.storage.table.Query.where("pid", pid)); }
      });
      context.discord().thenAccept(s -> context.storage().state().put("discord", s.getGuilds().size() + " guild(s)"));
      %s
      """;

  record Note(long guildId, Pid pid, String body) {}

  Path plugins;
  LocalDiscord discord;
  StorageBackend backend;
  Bot bot;
  LocalGuild guild;
  LocalChannel general;
  LocalUser alice;
  LocalUser bob;

  static PluginBuilder notes(String version, String extra) {
    return PluginBuilder.plugin("notes").version(version).changelog(CHANGELOG)
        .cog(NOTES.formatted(extra), "public record Note(long guildId, dev.cogwheel.storage.Pid pid, String body) {}");
  }

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) throws Exception {
    this.plugins = plugins;
    notes("1.0.0", "").jar(plugins);
    discord = LocalDiscord.start(World.defaultWorld());
    guild = discord.guild();
    general = guild.channel("general");
    alice = discord.user("alice");
    bob = discord.user("bob");
    backend = Hosts.backend(schema);
    CogwheelPluginManager manager = Hosts.manager(plugins, backend);
    Bot.Settings settings = Bot.Settings.builder(discord.token()).owners(Set.of(Long.parseLong(alice.id())))
        .backupBeforeUpgrade(false).build();
    bot = Bot.start(settings, backend, manager, discord::configure);
  }

  @AfterAll
  void stop() {
    if (bot != null) {
      bot.close();
    }
    if (backend != null) {
      backend.close();
    }
    if (discord != null) {
      discord.close();
    }
  }

  private String reply(InteractionHandle handle) {
    return handle.awaitReply(WAIT).content();
  }

  @Test
  void aCogReachesTheBotsShardsOutsideAnyInteraction() {
    String seen = discord.await("the cog's discord() future", WAIT,
        () -> backend.forPlugin("notes").state().find("discord").map(e -> e.value()));
    assertThat(seen).as("written when the shards were ready, after any reload of the cog").matches("[1-9][0-9]* guild\\(s\\)");
  }

  @Test
  void aCogsCommandIsRegisteredAndAnswered() {
    assertThat(discord.globalCommands()).extracting(c -> c.name()).contains("note", "echo", "plugins", "mydata", "about");
    assertThat(reply(bob.invoke(general, "/echo hello"))).isEqualTo("hello");
    assertThat(reply(bob.invoke(general, "/echo hi 2"))).isEqualTo("hi hi");
    InteractionHandle slow = bob.invoke(general, "/slow");
    assertThat(reply(slow)).isEqualTo("thought about it");
    assertThat(slow.isDeferred()).isTrue();
  }

  @Test
  void optionsAreValidatedAsDiscordWouldFromTheSyncedDeclaration() {
    assertThatThrownBy(() -> bob.invoke(general, "/echo hi 9")).isInstanceOf(InvalidInteractionException.class)
        .hasMessageContaining("times");
    assertThatThrownBy(() -> bob.invoke(general, "/echo")).isInstanceOf(InvalidInteractionException.class)
        .hasMessageContaining("text");
  }

  @Test
  void ownerOnlyCommandsRefuseOthers() {
    LocalMessage refused = bob.invoke(general, "/plugins list").awaitReply(WAIT);
    assertThat(refused.content()).isEqualTo("/plugins list is only for the bot's owners.");
    assertThat(refused.isEphemeral()).isTrue();
    assertThat(reply(alice.invoke(general, "/plugins list"))).contains("**notes** 1.0.0: STARTED");
    assertThat(reply(alice.invoke(general, "/about"))).startsWith("Cogwheel ").contains("Plugins: 1 running of 1").contains("Shards: 0/1");
  }

  @Test
  void reloadWhileAnotherUserSendsCommandsFailsNone() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService sender = Executors.newSingleThreadExecutor();
    Future<List<String>> answers = sender.submit(() -> {
      List<String> seen = new ArrayList<>();
      int i = 0;
      while (running.get() || i < 5) {
        seen.add(reply(bob.invoke(general, "/echo n" + i)));
        i++;
      }
      return seen;
    });
    for (int i = 0; i < 3; i++) {
      assertThat(reply(alice.invoke(general, "/plugins reload notes"))).startsWith("notes 1.0.0 is STARTED");
    }
    running.set(false);
    List<String> seen = answers.get(60, TimeUnit.SECONDS);
    sender.shutdown();
    assertThat(seen).isNotEmpty().allMatch(a -> a.matches("n\\d+"));
  }

  @Test
  void mydataForgetLeavesNoRowForThatPid() {
    LocalUser carol = discord.user("carol");
    reply(carol.invoke(general, "/note milk"));
    reply(carol.invoke(general, "/note eggs"));
    Pid pid = backend.pids().member(Long.parseLong(guild.id()), Long.parseLong(carol.id()));
    assertThat(backend.forPlugin("notes").table("notes_items", Note.class).count(Query.where("pid", pid))).isEqualTo(2);
    assertThat(reply(carol.invoke(general, "/mydata export"))).contains("milk").contains("eggs");

    LocalMessage question = carol.invoke(general, "/mydata forget").awaitReply(WAIT);
    assertThat(question.buttons()).extracting(LocalMessage.Button::label).containsExactly("Delete my data", "Keep it");
    carol.press(question, "Delete my data");

    discord.await("the confirmation", WAIT, () -> discord.messages(general).stream()
        .filter(m -> m.id().equals(question.id()) && m.content().startsWith("Deleted")).findFirst());
    assertThat(backend.forPlugin("notes").table("notes_items", Note.class).count(Query.where("pid", pid))).isZero();
  }

  @Test
  void aNewGuildIsInitialisedWithThePluginsDefaults() {
    LocalGuild joined = discord.addBotToGuild(World.guild("Second", g -> g.owner("bob").textChannel("chat").member("bob")));
    long id = Long.parseLong(joined.id());
    discord.await("the guild's record", WAIT, () -> backend.hostState().find("guilds/" + id));
    assertThat(backend.forPlugin("notes").config().list(ConfigScope.guild(id))).extracting(e -> e.key() + "=" + e.value())
        .containsExactly("limit=5");
  }

  @Test
  void commandsArePushedOnlyWhenTheyChange() throws Exception {
    long before = discord.actions().matching("PUT", "applications/{application_id}/commands").size();
    assertThat(before).isGreaterThanOrEqualTo(1);

    reply(alice.invoke(general, "/plugins reload notes"));
    assertThat(discord.actions().matching("PUT", "applications/{application_id}/commands")).hasSize((int) before);

    notes("1.1.0", "context.commands().register(SlashCommand.builder(\"count\", \"Counts\").handler(c -> c.reply(\"1\")).build());")
        .jar(plugins);
    assertThat(reply(alice.invoke(general, "/plugins reload notes"))).startsWith("notes 1.1.0 is STARTED");
    assertThat(discord.actions().matching("PUT", "applications/{application_id}/commands")).hasSize((int) before + 1);
    assertThat(reply(bob.invoke(general, "/count"))).isEqualTo("1");
    assertThat(bot.syncNow(false)).isEqualTo("Compared 1 command set(s) with Discord, pushed 0.");
  }
}
