package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationTest {

  StorageBackend backend;
  CogwheelPluginManager manager;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) {
    backend = Hosts.backend(schema);
    PluginBuilder.plugin("boom").cog("throw new IllegalStateException(\"no token configured\");").jar(plugins);
    PluginBuilder.plugin("sleepy").cog("Thread.sleep(60_000);").jar(plugins);
    PluginBuilder.plugin("good").cog("""
        context.commands().register(SlashCommand.builder("ok", "Answers ok").handler(c -> c.reply("ok")).build());
        context.commands().register(SlashCommand.builder("crash", "Throws").handler(c -> { throw new IllegalStateException("secret detail"); }).build());
        context.commands().register(SlashCommand.builder("hang", "Hangs").handler(c -> Thread.sleep(60_000)).build());
        context.commands().register(SlashCommand.builder("refuse", "Refuses").handler(c -> { throw new CommandException("You need 10 coins."); }).build());
        context.commands().register(SlashCommand.builder("silent", "Says nothing").handler(c -> { }).build());
        context.commands().register(SlashCommand.builder("later", "Defers").handler(c -> { c.defer(false); c.followUp("done later"); }).build());
        context.commands().register(SlashCommand.builder("pay", "Pays")
            .option(CommandOption.builder("amount", OptionType.INTEGER, "How much").required().range(1, 1000))
            .option(CommandOption.builder("note", OptionType.STRING, "Why").max(20))
            .handler(c -> c.reply("paid " + c.integer("amount") + c.findString("note").map(n -> " for " + n).orElse(""))).build());
        context.commands().register(SlashCommand.builder("xp", "XP")
            .subcommand(SlashCommand.builder("rank", "Your rank").handler(c -> c.replyEphemeral("rank 1")).build())
            .guildOnly().build());
        context.commands().register(SlashCommand.builder("ticket", "Tickets")
            .group(SubcommandGroup.of("staff", "Staff", SlashCommand.builder("add", "Adds staff").handler(c -> c.reply("added")).build()))
            .subcommand(SlashCommand.builder("open", "Opens one")
                .option(CommandOption.builder("topic", OptionType.STRING, "About").autocomplete(a ->
                    List.of(OptionChoice.of("billing " + a.typed()), OptionChoice.of("bugs " + a.typed()))))
                .handler(c -> c.reply("opened " + c.string("topic"))).build())
            .build());
        context.commands().register(SlashCommand.builder("admin", "Owners only").ownerOnly().handler(c -> c.reply("yes")).build());
        context.events().subscribe(String.class, e -> { if (e.equals("bad")) throw new IllegalStateException("bad event"); });
        context.events().subscribe(Integer.class, e -> Thread.sleep(60_000));
        """).jar(plugins);
    PluginBuilder.plugin("listener").cog("""
        context.events().subscribe(Object.class, e -> context.storage().state().put("last", String.valueOf(e)));
        context.commands().register(SlashCommand.builder("ping", "Pong").handler(c -> c.reply("pong")).build());
        """).jar(plugins);
    // Hangs are cut off after 3 s here; the other classes give handlers 15 s.
    manager = new CogwheelPluginManager(Hosts.settings(plugins, java.util.Set.of(), Map.of(), java.time.Duration.ofSeconds(3)), backend);
    manager.startAll();
  }

  @AfterAll
  void stop() {
    manager.close();
    backend.close();
  }

  private CommandResult run(RecordingResponder responder, String command, Map<String, Object> options) throws Exception {
    return manager.commands().dispatch(Invocations.command(command, options), responder).get(30, TimeUnit.SECONDS);
  }

  private CommandResult run(RecordingResponder responder, String command) throws Exception {
    return run(responder, command, Map.of());
  }

  @Test
  void aCogThatThrowsInStartIsFailedWithTheReason() {
    PluginInfo boom = manager.find("boom").orElseThrow();
    assertThat(boom.state()).isEqualTo(PluginState.FAILED);
    assertThat(boom.reason()).isEqualTo("start threw java.lang.IllegalStateException: no token configured");
  }

  @Test
  void aFailedCogStaysFailedWithItsReasonWhenAnotherPluginIsReloadedUntilAnOperatorRetries() {
    assertThat(manager.reload("listener").state()).isEqualTo(PluginState.STARTED);

    PluginInfo boom = manager.find("boom").orElseThrow();
    assertThat(boom.state()).isEqualTo(PluginState.FAILED);
    assertThat(boom.reason()).isEqualTo("start threw java.lang.IllegalStateException: no token configured");

    PluginInfo retried = manager.load("boom");
    assertThat(retried.state()).isEqualTo(PluginState.FAILED);
    assertThat(retried.reason()).isEqualTo("start threw java.lang.IllegalStateException: no token configured");
  }

  @Test
  void aCogThatHangsInStartIsCutOff() {
    PluginInfo sleepy = manager.find("sleepy").orElseThrow();
    assertThat(sleepy.state()).isEqualTo(PluginState.FAILED);
    assertThat(sleepy.reason()).isEqualTo("start did not return within 3 s and was interrupted");
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("cog-sleepy-"));
  }

  @Test
  void aHandlerThatThrowsGivesTheUserAnErrorIdAndTheLogTheDetails() throws Exception {
    RecordingResponder responder = new RecordingResponder();
    CommandResult result = run(responder, "crash");

    assertThat(result.outcome()).isEqualTo(CommandOutcome.FAILED);
    assertThat(result.detail()).matches("[0-9a-f]{8}");
    assertThat(responder.answers()).containsExactly(
        "ephemeral:Something went wrong (error id " + result.detail() + "). The bot's operators can look it up.");
    assertThat(String.join("", responder.answers())).doesNotContain("secret detail");
  }

  @Test
  void aHandlerThatHangsIsCutOffAndThePluginKeepsWorking() throws Exception {
    RecordingResponder responder = new RecordingResponder();
    CommandResult result = run(responder, "hang");

    assertThat(result.outcome()).isEqualTo(CommandOutcome.TIMED_OUT);
    RecordingResponder ok = new RecordingResponder();
    assertThat(run(ok, "ok").outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(ok.answers()).containsExactly("reply:ok");
  }

  @Test
  void aCommandExceptionIsShownToTheUserAsItIs() throws Exception {
    RecordingResponder responder = new RecordingResponder();
    assertThat(run(responder, "refuse").outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(responder.answers()).containsExactly("ephemeral:You need 10 coins.");
  }

  @Test
  void aHandlerThatSaysNothingStillAnswers() throws Exception {
    RecordingResponder responder = new RecordingResponder();
    assertThat(run(responder, "silent").outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(responder.answers()).containsExactly("ephemeral:Done.");
  }

  @Test
  void aDeferredAnswerThenAFollowUp() throws Exception {
    RecordingResponder responder = new RecordingResponder();
    assertThat(run(responder, "later").outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(responder.answers()).containsExactly("defer", "followUp:done later");
  }

  @Test
  void optionsAreValidatedBeforeTheHandlerRuns() throws Exception {
    RecordingResponder missing = new RecordingResponder();
    assertThat(run(missing, "pay").outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(missing.answers()).containsExactly("ephemeral:Option amount of /pay is required: How much");

    RecordingResponder low = new RecordingResponder();
    assertThat(run(low, "pay", Map.of("amount", 0L)).outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(low.answers()).containsExactly("ephemeral:Option amount must be at least 1 (you gave 0).");

    RecordingResponder wrongType = new RecordingResponder();
    run(wrongType, "pay", Map.of("amount", "ten"));
    assertThat(wrongType.answers()).containsExactly("ephemeral:Option amount must be a whole number, not 'ten'.");

    RecordingResponder tooLong = new RecordingResponder();
    run(tooLong, "pay", Map.of("amount", 5L, "note", "x".repeat(21)));
    assertThat(tooLong.answers()).containsExactly("ephemeral:Option note must be at most 20 characters long.");

    RecordingResponder unknown = new RecordingResponder();
    run(unknown, "pay", Map.of("amount", 5L, "tip", 1L));
    assertThat(unknown.answers()).containsExactly("ephemeral:/pay has no option tip; its options are: amount, note.");

    RecordingResponder fine = new RecordingResponder();
    assertThat(run(fine, "pay", Map.of("amount", 5L, "note", "lunch")).outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(fine.answers()).containsExactly("reply:paid 5 for lunch");
  }

  @Test
  void subcommandsOwnerOnlyAndUnknownCommands() throws Exception {
    RecordingResponder rank = new RecordingResponder();
    CommandResult result = manager.commands().dispatch(new dev.cogwheel.runtime.command.CommandInvocation("xp",
        java.util.Optional.empty(), java.util.Optional.of("rank"), Map.of(), java.util.OptionalLong.of(Invocations.GUILD), Invocations.CHANNEL,
        Invocations.USER, false, java.util.Optional.empty()), rank).get(30, TimeUnit.SECONDS);
    assertThat(result.outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(rank.answers()).containsExactly("ephemeral:rank 1");

    RecordingResponder admin = new RecordingResponder();
    assertThat(run(admin, "admin").outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(admin.answers()).containsExactly("ephemeral:/admin is only for the bot's owners.");

    RecordingResponder none = new RecordingResponder();
    assertThat(run(none, "nothing").outcome()).isEqualTo(CommandOutcome.UNKNOWN);
    assertThat(none.answers()).containsExactly("ephemeral:There is no command /nothing here.");
  }

  @Test
  void subcommandGroupsAndAutocomplete() throws Exception {
    RecordingResponder added = new RecordingResponder();
    CommandResult result = manager.commands().dispatch(new dev.cogwheel.runtime.command.CommandInvocation("ticket",
        java.util.Optional.of("staff"), java.util.Optional.of("add"), Map.of(), java.util.OptionalLong.of(Invocations.GUILD),
        Invocations.CHANNEL, Invocations.USER, false, java.util.Optional.empty()), added).get(30, TimeUnit.SECONDS);
    assertThat(result.outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(added.answers()).containsExactly("reply:added");

    var open = new dev.cogwheel.runtime.command.CommandInvocation("ticket", java.util.Optional.empty(), java.util.Optional.of("open"),
        Map.of(), java.util.OptionalLong.of(Invocations.GUILD), Invocations.CHANNEL, Invocations.USER, false, java.util.Optional.empty());
    assertThat(manager.commands().autocomplete(open, "topic", "x").get(30, TimeUnit.SECONDS))
        .extracting(dev.cogwheel.api.command.OptionChoice::name).containsExactly("billing x", "bugs x");
    assertThat(manager.commands().autocomplete(open, "nothing", "x").get(30, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aThrowingOrHangingEventHandlerDoesNotReachOtherPlugins() throws Exception {
    manager.events().publish("bad").get(30, TimeUnit.SECONDS);
    assertThat(backend.forPlugin("listener").state().find("last").map(StateEntry::value)).contains("bad");

    manager.events().publish(42).get(30, TimeUnit.SECONDS);
    assertThat(backend.forPlugin("listener").state().find("last").map(StateEntry::value)).contains("42");

    RecordingResponder ping = new RecordingResponder();
    assertThat(run(ping, "ping").outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(manager.find("good").orElseThrow().state()).isEqualTo(PluginState.STARTED);
  }

  @Test
  void twoPluginsCannotShareACommandName(@TempDir Path other) {
    String ping = "context.commands().register(SlashCommand.builder(\"ping\", \"Pong\").handler(c -> c.reply(\"pong\")).build());";
    PluginBuilder.plugin("alpha").cog(ping).jar(other);
    PluginBuilder.plugin("beta").cog(ping).jar(other);
    try (CogwheelPluginManager second = Hosts.manager(other, backend)) {
      second.startAll();

      assertThat(second.find("alpha").orElseThrow().state()).isEqualTo(PluginState.STARTED);
      PluginInfo beta = second.find("beta").orElseThrow();
      assertThat(beta.state()).isEqualTo(PluginState.FAILED);
      assertThat(beta.reason()).isEqualTo("start threw java.lang.IllegalArgumentException: Plugin beta cannot register /ping:"
          + " plugin alpha already has a command of that name.");
    }
  }
}
