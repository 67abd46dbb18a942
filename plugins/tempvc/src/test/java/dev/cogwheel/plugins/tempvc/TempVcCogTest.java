package dev.cogwheel.plugins.tempvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.privacy.UserDataExport;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.PluginState;
import dev.cogwheel.testkit.TestHost;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cog's settings, its State records and its privacy hooks, in a host without Discord. */
class TempVcCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final long ALICE = 2_000_000_000_000_000_001L;
  static final long BOB = 2_000_000_000_000_000_002L;
  static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void settingsHaveDefaultsAndAdminsChangeThemWithinTheirRules() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_001L;

    String shown = host.command("tempvc").group("config").subcommand("show").in(guild, TestHost.CHANNEL).run().text();
    assertThat(shown).contains("**hubs** = `` (default)", "**name_template** = `{owner}'s channel` (default)",
        "**user_limit** = `0` (default)");
    CommandReply hubs = host.command("tempvc").group("config").subcommand("set").in(guild, TestHost.CHANNEL)
        .option("key", "hubs").option("value", "<#4000000000000000001>, 4000000000000000002").run();
    assertThat(hubs.text()).isEqualTo("hubs is now `4000000000000000001,4000000000000000002` in this server (was ``).");
    assertThat(host.storage().config().get(TempVcCog.HUBS, ConfigScope.guild(guild)))
        .containsExactly(4_000_000_000_000_000_001L, 4_000_000_000_000_000_002L);

    assertThat(host.command("tempvc").group("config").subcommand("set").in(guild, TestHost.CHANNEL)
        .option("key", "user_limit").option("value", "100").run().text())
        .isEqualTo("Config key 'user_limit' must be between 0 and 99; got 100.");
    assertThat(host.command("tempvc").group("config").subcommand("set").in(guild, TestHost.CHANNEL)
        .option("key", "name_template").option("value", "   ").run().text())
        .isEqualTo("Config key 'name_template' must be not blank; got    .");
    assertThat(host.storage().config().get(TempVcCog.USER_LIMIT, ConfigScope.guild(guild))).isZero();
    assertThat(host.storage().config().get(TempVcCog.NAME_TEMPLATE, ConfigScope.guild(guild))).isEqualTo("{owner}'s channel");
  }

  @Test
  void ownerCommandsNeedDiscord() {
    CommandReply reply = cogwheel.host().command("vc").subcommand("lock").run();

    assertThat(reply.ephemeral()).isTrue();
    assertThat(reply.text()).isEqualTo("/vc acts on the voice channel you are in, so it works only from Discord.");
  }

  @Test
  void aChannelIsStoredUnderItsGuildAndChannelWithTheOwnersPid() {
    TestHost host = cogwheel.host();
    TempChannels channels = Scenes.channels(host);
    Pid alice = host.pid(11, ALICE);

    assertThat(channels.create(new TempChannel(11, 21, 31, alice, CREATED))).isTrue();

    StateEntry entry = host.storage().state().find("vc/11/21").orElseThrow();
    assertThat(entry.value()).contains("\"owner\":\"" + alice.value() + "\"").doesNotContain(Long.toString(ALICE));
    assertThat(channels.find(11, 21).orElseThrow().channel()).isEqualTo(new TempChannel(11, 21, 31, alice, CREATED));
    assertThat(channels.create(new TempChannel(11, 21, 32, alice, CREATED))).as("a second create of one channel").isFalse();
    assertThat(channels.list(11)).extracting(s -> s.channel().channelId()).containsExactly(21L);
    assertThat(channels.list(1)).as("guild 1 is not a prefix of guild 11").isEmpty();
  }

  @Test
  void anOwnerChangeFromAStaleReadIsRefused() {
    TestHost host = cogwheel.host();
    TempChannels channels = Scenes.channels(host);
    Pid alice = host.pid(12, ALICE);
    Pid bob = host.pid(12, BOB);
    channels.create(new TempChannel(12, 22, 32, alice, CREATED));
    TempChannels.Stored read = channels.find(12, 22).orElseThrow();

    assertThat(channels.changeOwner(read, bob)).isTrue();
    assertThat(channels.changeOwner(read, alice)).as("a change based on the version before").isFalse();
    assertThat(channels.find(12, 22).orElseThrow().channel().owner()).isEqualTo(bob);
  }

  @Test
  void concurrentOwnerChangesFromOneReadLetExactlyOneWin() throws Exception {
    TestHost host = cogwheel.host();
    TempChannels channels = Scenes.channels(host);
    channels.create(new TempChannel(13, 23, 33, host.pid(13, ALICE), CREATED));
    TempChannels.Stored read = channels.find(13, 23).orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> attempts = IntStream.range(0, 8)
          .mapToObj(i -> pool.submit(() -> channels.changeOwner(read, host.pid(13, BOB + i))))
          .toList();
      long won = 0;
      for (Future<Boolean> attempt : attempts) {
        won += attempt.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(channels.find(13, 23).orElseThrow().version()).isEqualTo(read.version() + 1);
  }

  @Test
  void exportListsTheOwnedChannelsAndForgetLeavesThemWithoutOwner() {
    TestHost host = cogwheel.host();
    TempChannels channels = Scenes.channels(host);
    Pid carol = host.pid(14, 2_000_000_000_000_000_003L);
    channels.create(new TempChannel(14, 24, 34, carol, CREATED));
    channels.create(new TempChannel(14, 25, 34, host.pid(14, BOB), CREATED));

    UserDataExport export = host.storage().userData().export(carol);
    assertThat(export.records()).singleElement().satisfies(record -> assertThat(record.fields())
        .containsEntry("guild_id", "14").containsEntry("channel_id", "24").containsEntry("hub_id", "34")
        .containsEntry("created_at", CREATED.toString()));
    assertThat(host.storage().userData().delete(carol)).isEqualTo(1);

    assertThat(host.storage().userData().export(carol).records()).isEmpty();
    assertThat(channels.find(14, 24).orElseThrow().channel().findOwner()).as("the channel is kept, without owner").isEmpty();
    assertThat(channels.find(14, 25).orElseThrow().channel().owner()).isEqualTo(host.pid(14, BOB));
  }

  @Test
  void aValueThisCogDidNotWriteIsRefusedByName() {
    assertThatThrownBy(() -> TempChannel.fromJson("other/1/2", "{}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a tempvc channel key: other/1/2");
  }

  @Test
  void theStateSurvivesAReload() {
    TestHost host = cogwheel.host();
    Scenes.channels(host).create(new TempChannel(15, 26, 36, host.pid(15, ALICE), CREATED));

    assertThat(host.reload().state()).isEqualTo(PluginState.STARTED);
    assertThat(Scenes.channels(host).find(15, 26)).isPresent();
  }

  @Test
  void anUnreadableChannelRecordIsQuarantinedAndTheOthersAreStillServed() {
    TestHost host = cogwheel.host();
    Pid alice = host.pid(17, ALICE);
    Scenes.channels(host).create(new TempChannel(17, 27, 37, alice, CREATED));
    host.storage().state().put(TempChannel.key(17, 28), "{not json");

    assertThat(host.storage().userData().delete(alice)).isEqualTo(1);

    assertThat(host.plugin().quarantined()).singleElement().satisfies(item -> {
      assertThat(item.key()).isEqualTo("vc/17/28");
      assertThat(item.problem()).startsWith("this temporary channel's record cannot be read");
    });
    assertThat(host.storage().state().find("vc/17/28")).as("kept for the operator").isPresent();
    host.storage().state().delete("vc/17/28");
  }
}
