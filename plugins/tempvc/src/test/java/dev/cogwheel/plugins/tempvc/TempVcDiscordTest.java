package dev.cogwheel.plugins.tempvc;

import static dev.cogwheel.plugins.tempvc.Scenes.id;
import static dev.cogwheel.plugins.tempvc.Scenes.ownChannel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.Eventually;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Temporary channels through the real JDA client and the local Discord: creation, owner commands, deletion. */
class TempVcDiscordTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord();

  static final Duration WAIT = Duration.ofSeconds(30);

  private static TestHost host;
  private static LocalDiscord discord;
  private static LocalGuild guild;
  private static LocalChannel general;
  private static LocalChannel lobby;

  @BeforeAll
  static void makeLobbyAHub() {
    host = cogwheel.host();
    discord = host.discord();
    guild = discord.guild();
    general = guild.channel("general");
    lobby = guild.channel("Lobby");
    LocalMessage set = discord.user("alice").invoke(general, "/tempvc config set key:hubs value:<#" + lobby.id() + ">")
        .awaitReply(WAIT);
    assertThat(set.content()).isEqualTo("hubs is now `" + lobby.id() + "` in this server (was ``).");
  }

  @Test
  void joiningTheHubCreatesAChannelThatItsOwnerManagesAndThatGoesWhenEmpty() {
    LocalUser bob = discord.user("bob");
    LocalUser carol = discord.user("carol");

    LocalChannel mine = ownChannel(discord, bob, lobby);

    assertThat(mine.isVoice()).isTrue();
    assertThat(mine.parentId()).isEqualTo(lobby.parentId());
    assertThat(mine.overwrites()).anySatisfy(o -> assertThat(o.id()).isEqualTo(bob.id()));
    assertThat(ownerOf(mine)).contains(host.pid(id(guild.id()), id(bob.id())));

    assertThat(bob.invoke(general, "/vc rename name:\"Bob's den\"").awaitReply(WAIT).content())
        .isEqualTo("Your channel is now called **Bob's den**.");
    discord.awaitChannel(guild, "Bob's den", WAIT);
    assertThat(bob.invoke(general, "/vc limit count:3").awaitReply(WAIT).content()).isEqualTo("Your channel now takes at most 3 members.");
    assertThat(discord.actions().latest("PATCH", "channels/{channel_id}"))
        .hasValueSatisfying(a -> assertThat(a.body().path("user_limit").asInt()).isEqualTo(3));
    assertThat(bob.invoke(general, "/vc lock").awaitReply(WAIT).content())
        .isEqualTo("Your channel is locked: nobody new can join; whoever is in it stays.");
    assertThat(everyoneDenied(mine)).isTrue();
    assertThat(bob.invoke(general, "/vc unlock").awaitReply(WAIT).content()).isEqualTo("Your channel is unlocked: everyone can join again.");
    assertThat(everyoneDenied(mine)).isFalse();

    carol.joinVoice(mine);
    discord.awaitMember(guild, "carol", m -> m.voiceChannelId().equals(Optional.of(mine.id())), WAIT);
    assertThat(carol.invoke(general, "/vc rename name:\"Mine now\"").awaitReply(WAIT).content())
        .isEqualTo("Only the owner of **Bob's den** can change it: ask them to /vc transfer it to you.");
    LocalMessage transferred = bob.invoke(general, "/vc transfer member:carol").awaitReply(WAIT);
    assertThat(transferred.content()).isEqualTo("<@" + carol.id() + "> now owns **Bob's den**.");
    assertThat(transferred.pingsAnyone()).isFalse();
    assertThat(ownerOf(mine)).contains(host.pid(id(guild.id()), id(carol.id())));
    LocalChannel handedOver = discord.await("the owner override to move to carol", WAIT,
        () -> discord.guild().findChannel("Bob's den")
            .filter(c -> c.overwrites().stream().anyMatch(o -> o.id().equals(carol.id()))
                && c.overwrites().stream().noneMatch(o -> o.id().equals(bob.id()))));
    assertThat(handedOver.id()).isEqualTo(mine.id());
    assertThat(bob.invoke(general, "/vc lock").awaitReply(WAIT).content())
        .isEqualTo("Only the owner of **Bob's den** can change it: ask them to /vc transfer it to you.");

    bob.leaveVoice(guild);
    carol.leaveVoice(guild);

    discord.await("the empty channel to be deleted", WAIT,
        () -> discord.guild().findChannel("Bob's den").isEmpty() ? Optional.of(true) : Optional.empty());
    Eventually.until("its state to be removed", () -> stateOf(mine).isEmpty());
  }

  @Test
  void whenTheOwnerLeavesTheChannelPassesToAMemberInIt() {
    LocalUser dave = discord.createUser("dave");
    LocalUser erin = discord.createUser("erin");
    dave.joinGuild(guild);
    erin.joinGuild(guild);

    LocalChannel daves = ownChannel(discord, dave, lobby);
    erin.joinVoice(daves);
    discord.awaitMember(guild, "erin", m -> m.voiceChannelId().equals(Optional.of(daves.id())), WAIT);
    dave.leaveVoice(guild);

    Pid erinsPid = host.pid(id(guild.id()), id(erin.id()));
    Eventually.await("erin to own the channel", () -> ownerOf(daves).filter(erinsPid::equals));
    assertThat(erin.invoke(general, "/vc rename name:\"Erin's place\"").awaitReply(WAIT).content())
        .isEqualTo("Your channel is now called **Erin's place**.");
    erin.leaveVoice(guild);
    discord.await("the empty channel to be deleted", WAIT,
        () -> discord.guild().findChannel("Erin's place").isEmpty() ? Optional.of(true) : Optional.empty());
  }

  @Test
  void ownerCommandsOutsideATemporaryChannelSayWhatToDo() {
    LocalUser alice = discord.user("alice");

    LocalMessage notInVoice = alice.invoke(general, "/vc lock").awaitReply(WAIT);
    assertThat(notInVoice.isEphemeral()).isTrue();
    assertThat(notInVoice.content()).isEqualTo("You are not in a voice channel: join your temporary channel, then use /vc.");
    alice.joinVoice(guild.channel("Lounge"));
    discord.awaitMember(guild, "alice", m -> m.voiceChannelId().isPresent(), WAIT);
    assertThat(alice.invoke(general, "/vc limit count:2").awaitReply(WAIT).content())
        .isEqualTo("**Lounge** is not a temporary channel: join a hub channel to get one of your own.");
    alice.leaveVoice(guild);
  }

  @Test
  void membersJoiningTheHubAtOnceGetOneChannelEach() {
    List<LocalUser> crowd = IntStream.range(0, 6).mapToObj(i -> discord.createUser("crowd" + i)).toList();
    crowd.forEach(user -> user.joinGuild(guild));

    crowd.forEach(user -> user.joinVoice(lobby));

    for (LocalUser user : crowd) {
      LocalChannel own = discord.awaitChannel(guild, user.name() + "'s channel", WAIT);
      discord.awaitMember(guild, user.name(), m -> m.voiceChannelId().equals(Optional.of(own.id())), WAIT);
      assertThat(ownerOf(own)).contains(host.pid(id(guild.id()), id(user.id())));
    }
    assertThat(discord.guild().channels()).extracting(LocalChannel::name)
        .filteredOn(name -> name.startsWith("crowd")).hasSize(6).doesNotHaveDuplicates();
    crowd.forEach(user -> user.leaveVoice(guild));
    Eventually.until("the crowd's channels to be deleted",
        () -> discord.guild().channels().stream().noneMatch(c -> c.name().startsWith("crowd")));
  }

  @Test
  void aMemberWhoLeavesTheHubDuringCreationAndComesBackEndsUpWithOneChannel() {
    LocalUser fickle = discord.createUser("fickle");
    fickle.joinGuild(guild);

    fickle.joinVoice(lobby);
    fickle.leaveVoice(guild);
    fickle.joinVoice(lobby);

    Pid pid = host.pid(id(guild.id()), id(fickle.id()));
    Eventually.until("fickle to sit in the one channel they own", () -> {
      List<LocalChannel> theirs = discord.guild().channels().stream().filter(c -> c.name().equals("fickle's channel")).toList();
      return theirs.size() == 1
          && discord.guild().member("fickle").voiceChannelId().equals(Optional.of(theirs.get(0).id()))
          && Scenes.channels(host).ownedBy(pid).size() == 1;
    });
    fickle.leaveVoice(guild);
    Eventually.until("fickle's channel and state to go", () -> discord.guild().findChannel("fickle's channel").isEmpty()
        && Scenes.channels(host).ownedBy(pid).isEmpty());
  }

  private static Optional<Pid> ownerOf(LocalChannel channel) {
    return stateOf(channel).flatMap(TempChannel::findOwner);
  }

  private static Optional<TempChannel> stateOf(LocalChannel channel) {
    return Scenes.stored(host, channel);
  }

  private static boolean everyoneDenied(LocalChannel channel) {
    return discord.guild().channel(channel.id()).overwrites().stream()
        .anyMatch(o -> o.id().equals(guild.id()) && (o.deny() & World.Permissions.CONNECT) != 0);
  }
}
