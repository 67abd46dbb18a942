package dev.cogwheel.plugins.xp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.PluginState;
import dev.cogwheel.testkit.TestHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XpCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final long CHANNEL = TestHost.CHANNEL;

  record MemberXp(long guildId, Pid pid, long xp) {}

  private static Table<MemberXp> table() {
    return cogwheel.host().storage().table("xp_members", MemberXp.class);
  }

  private static void give(long guild, long user, long xp) {
    table().increment(Key.of(guild, cogwheel.host().pid(guild, user)), "xp", xp);
  }

  @Test
  void rankShowsLevelXpPlaceAndWhatIsLeftToTheNextLevel() {
    long guild = 3_000_000_000_000_000_001L;
    give(guild, 11, 300);
    give(guild, 12, 120);
    give(guild, 13, 50);

    CommandReply mine = cogwheel.host().command("rank").in(guild, CHANNEL).by(12).run();
    assertThat(mine.text()).isEqualTo("**You**: level 1, 120 XP, rank #2 of 3. 135 XP to level 2.");
    CommandReply theirs = cogwheel.host().command("rank").in(guild, CHANNEL).by(12).option("member", 11L).run();
    assertThat(theirs.text()).isEqualTo("**<@11>**: level 2, 300 XP, rank #1 of 3. 175 XP to level 3.");
  }

  @Test
  void rankWithoutXpSaysHowToEarnIt() {
    long guild = 3_000_000_000_000_000_002L;

    assertThat(cogwheel.host().command("rank").in(guild, CHANNEL).by(21).run().text())
        .isEqualTo("You have no XP here yet: XP comes from chatting.");
    assertThat(cogwheel.host().command("rank").in(guild, CHANNEL).by(21).option("member", 22L).run().text())
        .isEqualTo("<@22> has no XP here yet: XP comes from chatting.");
  }

  @Test
  void theLeaderboardIsPagedByTensInXpOrder() {
    long guild = 3_000_000_000_000_000_003L;
    for (int i = 1; i <= 23; i++) {
      give(guild, 100 + i, 10L * i);
    }

    String first = cogwheel.host().command("leaderboard").in(guild, CHANNEL).run().text();
    assertThat(first.lines()).hasSize(11).first().isEqualTo("**Leaderboard** (page 1 of 3)");
    assertThat(first.lines().skip(1).findFirst()).hasValue("1. (not in the server) — level 1, 230 XP");
    String last = cogwheel.host().command("leaderboard").in(guild, CHANNEL).option("page", 3L).run().text();
    assertThat(last.lines()).containsExactly("**Leaderboard** (page 3 of 3)",
        "21. (not in the server) — level 0, 30 XP",
        "22. (not in the server) — level 0, 20 XP",
        "23. (not in the server) — level 0, 10 XP");
    CommandReply beyond = cogwheel.host().command("leaderboard").in(guild, CHANNEL).option("page", 4L).run();
    assertThat(beyond.ephemeral()).isTrue();
    assertThat(beyond.text()).isEqualTo("The leaderboard has 3 pages; ask for a page from 1 to 3.");
  }

  @Test
  void anEmptyLeaderboardSaysSo() {
    assertThat(cogwheel.host().command("leaderboard").in(3_000_000_000_000_000_004L, CHANNEL).run().text())
        .isEqualTo("Nobody has XP here yet: XP comes from chatting.");
  }

  @Test
  void roleRewardsAreTypedAsLevelRolePairsAndCheckedBeforeStoring() {
    long guild = 3_000_000_000_000_000_005L;
    TestHost host = cogwheel.host();

    CommandReply set = host.command("xp").group("config").subcommand("set").in(guild, CHANNEL)
        .option("key", "role_rewards").option("value", "10:<@&456>, 5:<@&123>").run();
    assertThat(set.text()).isEqualTo("role_rewards is now `5:123,10:456` in this server (was ``).");
    assertThat(host.storage().config().get(XpCog.ROLE_REWARDS, ConfigScope.guild(guild))
        .upTo(7)).containsOnlyKeys(5);

    CommandReply noPair = host.command("xp").group("config").subcommand("set").in(guild, CHANNEL)
        .option("key", "role_rewards").option("value", "5 @Regular").run();
    assertThat(noPair.text()).isEqualTo("Config key 'role_rewards': '5 @Regular' is not a valid level:role list "
        + "(write level:role pairs separated by commas, like 5:@Regular, 10:@Veteran; '5 @Regular' is not one).");
    CommandReply badLevel = host.command("xp").group("config").subcommand("set").in(guild, CHANNEL)
        .option("key", "role_rewards").option("value", "0:123").run();
    assertThat(badLevel.text()).contains("'0' is not a level from 1 to 1000");
    CommandReply twice = host.command("xp").group("config").subcommand("set").in(guild, CHANNEL)
        .option("key", "role_rewards").option("value", "5:1,5:2").run();
    assertThat(twice.text()).contains("level 5 is given twice");
    assertThat(host.command("xp").group("config").subcommand("show").in(guild, CHANNEL).run().text())
        .contains("**role_rewards** = `5:123,10:456`");
  }

  @Test
  void aMultiplierOutsideItsRangeIsRefused() {
    CommandReply reply = cogwheel.host().command("xp").group("config").subcommand("set")
        .in(3_000_000_000_000_000_006L, CHANNEL).option("key", "multiplier").option("value", "11").run();

    assertThat(reply.ephemeral()).isTrue();
    assertThat(reply.text()).isEqualTo("Config key 'multiplier' must be between 0.0 and 10.0; got 11.0.");
  }

  @Test
  void exportAndForgetCoverTheXp() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_007L;
    give(guild, 71, 260);
    Pid pid = host.pid(guild, 71);

    assertThat(host.storage().userData().export(pid).records()).singleElement()
        .satisfies(record -> assertThat(record.fields()).containsEntry("xp", "260").containsEntry("level", "2"));
    assertThat(host.storage().userData().delete(pid)).isEqualTo(1);
    assertThat(host.storage().userData().export(pid).records()).isEmpty();
  }

  @Test
  void xpSurvivesAReload() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_008L;
    give(guild, 81, 100);

    assertThat(host.reload().state()).isEqualTo(PluginState.STARTED);
    assertThat(host.command("rank").in(guild, CHANNEL).by(81).run().text()).startsWith("**You**: level 1, 100 XP");
  }
}
