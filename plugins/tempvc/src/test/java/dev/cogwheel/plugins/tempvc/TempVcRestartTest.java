package dev.cogwheel.plugins.tempvc;

import static dev.cogwheel.plugins.tempvc.Scenes.id;
import static dev.cogwheel.plugins.tempvc.Scenes.ownChannel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.Eventually;
import dev.cogwheel.testkit.PluginState;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's "Temp VC state survives restarts": while the bot is down, channels empty, vanish and
 * lose their owner, and members wait in the hub; the restarted cog reconciles its State storage with
 * what it finds.
 */
class TempVcRestartTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord();

  static final Duration WAIT = Duration.ofSeconds(30);

  private static TestHost host;
  private static LocalDiscord discord;
  private static LocalGuild guild;
  private static long guildId;
  private static LocalChannel lobby;

  @BeforeAll
  static void makeLobbyAHub() {
    host = cogwheel.host();
    discord = host.discord();
    guild = discord.guild();
    guildId = id(guild.id());
    lobby = guild.channel("Lobby");
    host.storage().config().set(TempVcCog.HUBS, ConfigScope.guild(guildId), List.of(id(lobby.id())));
  }

  @Test
  void afterARestartLiveChannelsAreAdoptedVanishedOnesForgottenAndEmptiedOnesDeleted() {
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");
    LocalUser carol = discord.user("carol");
    LocalUser dave = discord.createUser("dave");
    LocalUser erin = discord.createUser("erin");
    dave.joinGuild(guild);
    erin.joinGuild(guild);

    LocalChannel kept = ownChannel(discord, alice, lobby);      // alice stays: adopted as it is
    LocalChannel emptied = ownChannel(discord, bob, lobby);     // bob leaves while the bot is down
    LocalChannel vanished = ownChannel(discord, carol, lobby);  // an admin deletes it while the bot is down
    LocalChannel handedOn = ownChannel(discord, dave, lobby);   // dave leaves, erin stays
    erin.joinVoice(handedOn);
    discord.awaitMember(guild, "erin", m -> m.voiceChannelId().equals(Optional.of(handedOn.id())), WAIT);
    assertThat(host.storage().state().list(TempChannel.guildPrefix(guildId))).hasSize(4);

    host.restart(() -> {
      bob.leaveVoice(guild);
      discord.deleteChannel(vanished);
      dave.leaveVoice(guild);
      carol.joinVoice(lobby);
    });

    Eventually.until("the channel emptied during the downtime to be deleted",
        () -> discord.guild().findChannel(emptied.id()).isEmpty() && stateOf(emptied).isEmpty());
    Eventually.until("the vanished channel's state to be removed", () -> stateOf(vanished).isEmpty());
    Pid erinsPid = host.pid(guildId, id(erin.id()));
    Eventually.await("erin to own the channel dave left",
        () -> stateOf(handedOn).flatMap(TempChannel::findOwner).filter(erinsPid::equals));
    LocalChannel carolsNew = discord.awaitChannel(guild, "carol's channel", WAIT);
    assertThat(carolsNew.id()).as("carol, waiting in the hub, gets a new channel").isNotEqualTo(vanished.id());
    discord.awaitMember(guild, "carol", m -> m.voiceChannelId().equals(Optional.of(carolsNew.id())), WAIT);
    assertThat(stateOf(kept).flatMap(TempChannel::findOwner)).contains(host.pid(guildId, id(alice.id())));
    assertThat(discord.guild().findChannel(kept.id())).isPresent();

    // The adopted channels work as before the restart.
    assertThat(alice.invoke(guild.channel("general"), "/vc limit count:2").awaitReply(WAIT).content())
        .isEqualTo("Your channel now takes at most 2 members.");
    alice.leaveVoice(guild);
    Eventually.until("the adopted channel to be deleted once empty",
        () -> discord.guild().findChannel(kept.id()).isEmpty() && stateOf(kept).isEmpty());
    assertThat(host.storage().state().list(TempChannel.guildPrefix(guildId))).extracting(e -> e.key())
        .containsExactlyInAnyOrder(TempChannel.key(guildId, id(handedOn.id())), TempChannel.key(guildId, id(carolsNew.id())));
  }

  @Test
  void afterAReloadTheGuildsFirstVoiceEventReconcilesIt() {
    LocalUser gina = discord.createUser("gina");
    gina.joinGuild(guild);
    LocalChannel ginas = ownChannel(discord, gina, lobby);
    // A channel that went away unseen: the reloaded cog gets no ready event to notice it by.
    TempChannel stale = new TempChannel(guildId, 4_000_000_000_000_000_001L, id(lobby.id()), host.pid(guildId, id(gina.id())),
        Instant.now());
    assertThat(Scenes.channels(host).create(stale)).isTrue();

    assertThat(host.reload().state()).isEqualTo(PluginState.STARTED);
    gina.leaveVoice(guild);

    Eventually.until("gina's channel to be deleted and the stale state to be removed",
        () -> discord.guild().findChannel(ginas.id()).isEmpty() && stateOf(ginas).isEmpty()
            && host.storage().state().find(stale.key()).isEmpty());
  }

  private static Optional<TempChannel> stateOf(LocalChannel channel) {
    return Scenes.stored(host, channel);
  }

}
