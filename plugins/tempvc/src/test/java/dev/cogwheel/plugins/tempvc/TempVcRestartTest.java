package dev.cogwheel.plugins.tempvc;

import static dev.cogwheel.plugins.tempvc.TempVcDiscordTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.discord.local.LocalChannel;
import dev.cogwheel.runtime.discord.local.LocalDiscord;
import dev.cogwheel.runtime.discord.local.LocalGuild;
import dev.cogwheel.runtime.discord.local.LocalUser;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

  @Test
  void afterARestartLiveChannelsAreAdoptedVanishedOnesForgottenAndEmptiedOnesDeleted() {
    TestHost host = cogwheel.host();
    LocalDiscord discord = host.discord();
    LocalGuild guild = discord.guild();
    long guildId = id(guild.id());
    LocalChannel lobby = guild.channel("Lobby");
    host.storage().config().set(TempVcCog.HUBS, ConfigScope.guild(guildId), List.of(id(lobby.id())));
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");
    LocalUser carol = discord.user("carol");
    LocalUser dave = discord.createUser("dave");
    LocalUser erin = discord.createUser("erin");
    dave.joinGuild(guild);
    erin.joinGuild(guild);

    LocalChannel kept = channelFor(discord, alice, lobby);      // alice stays: adopted as it is
    LocalChannel emptied = channelFor(discord, bob, lobby);     // bob leaves while the bot is down
    LocalChannel vanished = channelFor(discord, carol, lobby);  // an admin deletes it while the bot is down
    LocalChannel handedOn = channelFor(discord, dave, lobby);   // dave leaves, erin stays
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

  private static LocalChannel channelFor(LocalDiscord discord, LocalUser user, LocalChannel hub) {
    LocalGuild guild = discord.guild();
    user.joinVoice(hub);
    LocalChannel created = discord.awaitChannel(guild, user.name() + "'s channel", Duration.ofSeconds(30));
    discord.awaitMember(guild, user.name(), m -> m.voiceChannelId().equals(Optional.of(created.id())), Duration.ofSeconds(30));
    return created;
  }

  private static Optional<TempChannel> stateOf(LocalChannel channel) {
    return new TempChannels(cogwheel.host().storage().state())
        .find(id(channel.guildId().orElseThrow()), id(channel.id()))
        .map(TempChannels.Stored::channel);
  }
}
