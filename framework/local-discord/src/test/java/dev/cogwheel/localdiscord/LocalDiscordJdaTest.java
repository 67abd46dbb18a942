package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.PermissionOverride;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.channel.ChannelCreateEvent;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.guild.GuildBanEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberRemoveEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberRoleAddEvent;
import net.dv8tion.jda.api.events.guild.member.update.GuildMemberUpdateNicknameEvent;
import net.dv8tion.jda.api.events.guild.member.update.GuildMemberUpdateTimeOutEvent;
import net.dv8tion.jda.api.events.guild.voice.GuildVoiceUpdateEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unmodified JDA client against the local Discord: one login shared by the class (each
 * test leaves the world as it found it, or uses users of its own), a bot written as a cog would be,
 * and the test failing on any WARN or ERROR line JDA or the server logs.
 */
class LocalDiscordJdaTest {

  @RegisterExtension static final LogGuard logs = new LogGuard();

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static LocalDiscord discord;
  private static JDA jda;
  private static TestCog cog;
  private static LocalGuild guild;
  private static LocalChannel general;

  @BeforeAll
  static void logIn() throws InterruptedException {
    discord = LocalDiscord.start(World.builder()
        .users("alice", "bob", "carol")
        .guild("Cogwheel Local", g -> g.owner("alice")
            .role("Admin", World.Permissions.ADMINISTRATOR)
            .role("Member", World.Permissions.DEFAULT_EVERYONE)
            .botRole("Cogwheel", World.Permissions.ADMINISTRATOR)
            .textChannel("general")
            .category("Voice")
            .voiceChannel("Lobby", "Voice")
            .voiceChannel("Lounge", "Voice")
            .member("alice", "Admin").member("bob", "Member").member("carol", "Member")
            .inVoice("bob", "Lobby"))
        .build());
    cog = new TestCog();
    jda = discord.configure(JDABuilder.createDefault(discord.token())
            .enableIntents(GatewayIntent.GUILD_MEMBERS, GatewayIntent.MESSAGE_CONTENT)
            .setMemberCachePolicy(MemberCachePolicy.ALL))
        .addEventListeners(cog)
        .build()
        .awaitReady();
    TestCog.registerCommands(jda);
    guild = discord.guild();
    general = guild.channel("general");
  }

  @AfterAll
  static void shutDown() throws InterruptedException {
    jda.shutdown();
    // JDA waits about 10 s for the server's answer to its close frame; this proves it came.
    assertThat(jda.awaitShutdown(Duration.ofSeconds(5))).isTrue();
    discord.close();
  }

  @BeforeEach
  void forgetEarlierEvents() {
    cog.events.clear();
  }

  @Test
  void jdaSeesTheGuildWithItsChannelsRolesMembersAndVoiceStates() {
    Guild jdaGuild = jda.getGuildById(guild.id());
    assertThat(jdaGuild).isNotNull();
    assertThat(jdaGuild.getName()).isEqualTo("Cogwheel Local");
    assertThat(jdaGuild.getTextChannels()).extracting(TextChannel::getName).contains("general");
    assertThat(jdaGuild.getVoiceChannelsByName("Lobby", false)).singleElement()
        .satisfies(lobby -> assertThat(lobby.getParentCategory().getName()).isEqualTo("Voice"));
    assertThat(jdaGuild.getMembers()).extracting(m -> m.getUser().getName())
        .containsExactlyInAnyOrder("cogwheel", "alice", "bob", "carol");
    assertThat(jdaGuild.getOwner().getUser().getName()).isEqualTo("alice");
    assertThat(jdaGuild.getSelfMember().hasPermission(Permission.ADMINISTRATOR)).isTrue();
    assertThat(jdaGuild.getMemberById(discord.user("bob").id()).getVoiceState().getChannel().getName())
        .isEqualTo("Lobby");
    assertThat(jda.getSelfUser().getApplicationId()).isEqualTo(discord.botUserId());
  }

  @Test
  void slashCommandIsReceivedAndRepliedTo() {
    InteractionHandle ping = discord.user("alice").invoke(general, "/ping");

    LocalMessage reply = ping.awaitReply(WAIT);
    assertThat(reply.content()).isEqualTo("pong");
    assertThat(reply.fromBot()).isTrue();
    assertThat(reply.isEphemeral()).isFalse();
    assertThat(ping.awaitCallback(WAIT).path("type").asInt()).isEqualTo(InteractionHandle.REPLY);
    assertThat(discord.messages(general)).extracting(LocalMessage::content).contains("pong");
  }

  @Test
  void deferredReplyIsFilledByTheFirstFollowUp() {
    InteractionHandle slow = discord.user("alice").invoke(general, "/slow");

    assertThat(slow.awaitReply(WAIT).content()).isEqualTo("done slowly");
    assertThat(slow.isDeferred()).isTrue();
    assertThat(slow.followUps()).isEmpty();
    assertThat(discord.actions().matching("POST", "webhooks/{application_id}/{interaction_token}"))
        .isNotEmpty();
  }

  @Test
  void ephemeralReplyIsFlaggedAndNotSentToTheChannel() throws InterruptedException {
    InteractionHandle secret = discord.user("bob").invoke(general, "/secret");

    LocalMessage reply = secret.awaitReply(WAIT);
    assertThat(reply.content()).isEqualTo("only for bob");
    assertThat(reply.isEphemeral()).isTrue();
    // A public message afterwards proves no MESSAGE_CREATE for the ephemeral one came before it.
    discord.user("alice").say(general, "!hello");
    // Earlier tests' messages may still be arriving; only the two candidates count.
    MessageReceivedEvent next = Events.await(cog.events, MessageReceivedEvent.class,
        e -> e.getMessage().getContentRaw().equals("!hello") || e.getMessage().getContentRaw().equals("only for bob"), WAIT);
    assertThat(next.getMessage().getContentRaw()).isEqualTo("!hello");
  }

  @Test
  void optionsArriveTypedAndResolved() {
    LocalUser alice = discord.user("alice");
    assertThat(alice.invoke(general, "/pay bob 10").awaitReply(WAIT).content()).isEqualTo("paid bob 10");
    assertThat(alice.invoke(general, "pay", Map.of("to", discord.user("carol"), "amount", 7))
        .awaitReply(WAIT).content()).isEqualTo("paid carol 7");
    assertThat(alice.invoke(general, "/xp rank user:@bob").awaitReply(WAIT).content()).isEqualTo("rank of bob");
    assertThat(alice.invoke(general, "/xp rank").awaitReply(WAIT).content()).isEqualTo("rank of alice");
    assertThat(alice.invoke(general, "/color Green").awaitReply(WAIT).content()).isEqualTo("colour green");
    assertThat(alice.invoke(general, "/say hello there world").awaitReply(WAIT).content())
        .isEqualTo("hello there world");
  }

  @Test
  void invocationsAreValidatedAgainstTheCommandsTheBotRegistered() {
    assertThat(discord.globalCommands()).extracting(RegisteredCommand::name)
        .contains("ping", "pay", "xp", "room");
    assertThat(discord.globalCommands()).allSatisfy(c -> {
      assertThat(c.json().path("application_id").asText()).isEqualTo(discord.botUserId());
      assertThat(c.json().path("version").asText()).isNotEmpty();
      assertThat(c.json().path("type").asInt()).isEqualTo(1);
    });
    LocalUser alice = discord.user("alice");

    assertThatThrownBy(() -> alice.invoke(general, "/nope"))
        .isInstanceOf(InvalidInteractionException.class)
        .hasMessageContaining("Unknown command /nope").hasMessageContaining("/ping");
    assertThatThrownBy(() -> alice.invoke(general, "/pay bob"))
        .hasMessage("Option amount of /pay is required; it takes to amount");
    assertThatThrownBy(() -> alice.invoke(general, "/pay bob ten"))
        .hasMessage("Option amount of /pay must be an integer, got 'ten'");
    assertThatThrownBy(() -> alice.invoke(general, "/pay bob 0"))
        .hasMessage("Option amount of /pay must be at least 1, got 0");
    assertThatThrownBy(() -> alice.invoke(general, "/pay bob 1001"))
        .hasMessage("Option amount of /pay must be at most 1000, got 1001");
    assertThatThrownBy(() -> alice.invoke(general, "/pay nobody 5"))
        .hasMessageContaining("there is no user 'nobody'");
    assertThatThrownBy(() -> alice.invoke(general, "/color blue"))
        .hasMessage("Option name must be one of Red (red), Green (green); got 'blue'");
    assertThatThrownBy(() -> alice.invoke(general, "/xp"))
        .hasMessage("/xp needs a subcommand: rank, top");
    assertThatThrownBy(() -> alice.invoke(general, "/xp bottom"))
        .hasMessage("Unknown subcommand /xp bottom; /xp has: rank, top");
    assertThatThrownBy(() -> alice.invoke(general, "ping", Map.of("loud", true)))
        .hasMessage("Unknown option loud for /ping; it takes no options");
    assertThatThrownBy(() -> alice.invoke(general, "/move bob general"))
        .hasMessageContaining("Option to of /move must be a channel of type [2]");
  }

  @Test
  void channelCreatedByTheBotAppearsInJdaCacheWithItsOverwrites() throws InterruptedException {
    LocalMessage reply = discord.user("carol").invoke(general, "/room name:carols-room").awaitReply(WAIT);

    LocalChannel room = discord.awaitChannel(guild, "carols-room", WAIT);
    assertThat(reply.content()).isEqualTo("created <#" + room.id() + ">");
    assertThat(room.overwrites()).anySatisfy(o -> {
      assertThat(o.id()).isEqualTo(guild.id());
      assertThat(o.deny() & World.Permissions.VIEW_CHANNEL).isNotZero();
    });
    Events.await(cog.events, ChannelCreateEvent.class, e -> e.getChannel().getId().equals(room.id()), WAIT);
    TextChannel cached = jda.getTextChannelById(room.id());
    assertThat(cached).isNotNull();
    PermissionOverride everyone = cached.getPermissionOverride(cached.getGuild().getPublicRole());
    assertThat(everyone.getDenied()).contains(Permission.VIEW_CHANNEL);
    assertThat(discord.actions().latest("POST", "guilds/{guild_id}/channels")).hasValueSatisfying(a ->
        assertThat(a.body().path("permission_overwrites")).hasSize(2));

    cached.delete().complete();
    discord.await("carols-room to be deleted", WAIT,
        () -> discord.guild().findChannel("carols-room").isEmpty() ? Optional.of(true) : Optional.empty());
    Events.await(cog.events, ChannelDeleteEvent.class, e -> e.getChannel().getId().equals(room.id()), WAIT);
    assertThat(jda.getTextChannelById(room.id())).isNull();
  }

  @Test
  void memberMovedByTheBotHasTheNewVoiceState() throws InterruptedException {
    LocalUser bob = discord.user("bob");
    LocalChannel lounge = guild.channel("Lounge");
    try {
      discord.user("alice").invoke(general, "/move who:bob to:Lounge").awaitReply(WAIT);

      GuildVoiceUpdateEvent moved = Events.await(cog.events, GuildVoiceUpdateEvent.class,
          e -> e.getMember().getId().equals(bob.id()), WAIT);
      assertThat(moved.getChannelLeft().getName()).isEqualTo("Lobby");
      assertThat(moved.getChannelJoined().getName()).isEqualTo("Lounge");
      Member member = jda.getGuildById(guild.id()).getMemberById(bob.id());
      assertThat(member.getVoiceState().getChannel().getId()).isEqualTo(lounge.id());
      assertThat(discord.guild().member("bob").voiceChannelId()).contains(lounge.id());
    } finally {
      // Back where the other tests expect him, in the world and in JDA's cache.
      bob.joinVoice(guild.channel("Lobby"));
      if (!"Lobby".equals(jdaVoiceChannelOf(bob))) {
        Events.await(cog.events, GuildVoiceUpdateEvent.class, e -> e.getMember().getId().equals(bob.id())
            && e.getChannelJoined() != null && e.getChannelJoined().getName().equals("Lobby"), WAIT);
      }
    }
  }

  private static String jdaVoiceChannelOf(LocalUser user) {
    Member member = jda.getGuildById(guild.id()).getMemberById(user.id());
    return member == null || member.getVoiceState().getChannel() == null ? null : member.getVoiceState().getChannel().getName();
  }

  @Test
  void pressingAButtonLetsTheBotUpdateItsMessage() {
    LocalUser alice = discord.user("alice");
    LocalMessage question = alice.invoke(general, "/confirm").awaitReply(WAIT);
    assertThat(question.buttons()).extracting(LocalMessage.Button::label).containsExactly("Yes", "No");

    LocalMessage answered = alice.press(question, "Yes").awaitReply(WAIT);

    assertThat(answered.id()).isEqualTo(question.id());
    assertThat(answered.content()).isEqualTo("Confirmed");
    assertThat(answered.buttons()).isEmpty();
    assertThatThrownBy(() -> alice.press(question, "Maybe"))
        .isInstanceOf(InvalidInteractionException.class).hasMessageContaining("has no button Maybe");
  }

  @Test
  void userMessageReachesTheBotAndItAnswersInTheChannel() {
    LocalMessage hello = discord.user("carol").say(general, "!hello");

    LocalMessage answer = discord.awaitBotMessageAfter(hello, WAIT);

    assertThat(answer.content()).isEqualTo("hello carol");
    assertThat(discord.actions().latest("POST", "channels/{channel_id}/messages"))
        .hasValueSatisfying(a -> assertThat(a.path()).isEqualTo("channels/" + general.id() + "/messages"));
  }

  @Test
  void joiningLeavingAndSwitchingVoiceReachJda() throws InterruptedException {
    LocalUser carol = discord.user("carol");
    carol.joinVoice(guild.channel("Lobby"));
    Events.await(cog.events, GuildVoiceUpdateEvent.class,
        e -> e.getMember().getId().equals(carol.id()) && e.getChannelJoined() != null, WAIT);
    carol.joinVoice(guild.channel("Lounge"));
    GuildVoiceUpdateEvent switched = Events.await(cog.events, GuildVoiceUpdateEvent.class,
        e -> e.getMember().getId().equals(carol.id()), WAIT);
    assertThat(switched.getChannelLeft().getName()).isEqualTo("Lobby");
    carol.leaveVoice(guild);
    GuildVoiceUpdateEvent left = Events.await(cog.events, GuildVoiceUpdateEvent.class,
        e -> e.getMember().getId().equals(carol.id()), WAIT);
    assertThat(left.getChannelJoined()).isNull();
    assertThat(jda.getGuildById(guild.id()).getMemberById(carol.id()).getVoiceState().inAudioChannel()).isFalse();
  }

  @Test
  void membersJoiningAndLeavingReachJda() throws InterruptedException {
    LocalUser dave = discord.createUser("dave");
    dave.joinGuild(guild);
    Events.await(cog.events, GuildMemberJoinEvent.class, e -> e.getUser().getId().equals(dave.id()), WAIT);
    assertThat(jda.getGuildById(guild.id()).getMemberById(dave.id())).isNotNull();

    dave.leaveGuild(guild);
    Events.await(cog.events, GuildMemberRemoveEvent.class, e -> e.getUser().getId().equals(dave.id()), WAIT);
    assertThat(discord.guild().findMember("dave")).isEmpty();
  }

  @Test
  void addingTheBotToAGuildSendsGuildCreate() throws InterruptedException {
    LocalGuild added = discord.addBotToGuild(World.guild("Second", g -> g.owner("carol")
        .textChannel("lobby").member("carol")));

    GuildJoinEvent joined = Events.await(cog.events, GuildJoinEvent.class,
        e -> e.getGuild().getId().equals(added.id()), WAIT);
    assertThat(joined.getGuild().getTextChannels()).extracting(TextChannel::getName).containsExactly("lobby");
    assertThat(joined.getGuild().getSelfMember()).isNotNull();
  }

  @Test
  void moderationByTheBotChangesTheWorldAndReachesJda() throws InterruptedException {
    LocalUser eve = discord.createUser("eve");
    eve.joinGuild(guild);
    Events.await(cog.events, GuildMemberJoinEvent.class, e -> e.getUser().getId().equals(eve.id()), WAIT);
    Guild jdaGuild = jda.getGuildById(guild.id());
    Member member = jdaGuild.getMemberById(eve.id());

    jdaGuild.timeoutFor(member, Duration.ofMinutes(5)).complete();
    Events.await(cog.events, GuildMemberUpdateTimeOutEvent.class, e -> e.getMember().getId().equals(eve.id()), WAIT);
    assertThat(discord.guild().member("eve").timeoutUntil()).hasValueSatisfying(
        until -> assertThat(until).isAfter(Instant.now()));
    jdaGuild.modifyNickname(member, "Evie").complete();
    Events.await(cog.events, GuildMemberUpdateNicknameEvent.class, e -> e.getMember().getId().equals(eve.id()), WAIT);
    jdaGuild.addRoleToMember(member, jdaGuild.getRolesByName("Member", false).get(0)).complete();
    Events.await(cog.events, GuildMemberRoleAddEvent.class, e -> e.getMember().getId().equals(eve.id()), WAIT);
    LocalMember changed = discord.guild().member("eve");
    assertThat(changed.nick()).contains("Evie");
    assertThat(changed.roleIds()).containsExactly(guild.role("Member").id());

    jdaGuild.ban(member, 0, java.util.concurrent.TimeUnit.SECONDS).complete();
    Events.await(cog.events, GuildBanEvent.class, e -> e.getUser().getId().equals(eve.id()), WAIT);
    assertThat(discord.guild().findMember("eve")).isEmpty();
    assertThatThrownBy(() -> eve.joinGuild(guild)).hasMessageContaining("eve is banned");
    jdaGuild.unban(member).complete();
    eve.joinGuild(guild);
    eve.leaveGuild(guild);
  }

  @Test
  void theBanListIsPagedWithoutRepeats() throws Exception {
    Guild jdaGuild = jda.getGuildById(guild.id());
    List<LocalUser> banned = List.of(discord.createUser("pageA"), discord.createUser("pageB"), discord.createUser("pageC"));
    for (LocalUser user : banned) {
      jdaGuild.ban(net.dv8tion.jda.api.entities.UserSnowflake.fromId(user.id()), 0, java.util.concurrent.TimeUnit.SECONDS).complete();
    }

    List<String> paged = jdaGuild.retrieveBanList().limit(1).takeAsync(10).get(30, java.util.concurrent.TimeUnit.SECONDS)
        .stream().map(ban -> ban.getUser().getId()).toList();

    assertThat(paged).doesNotHaveDuplicates().containsAll(banned.stream().map(LocalUser::id).toList());
    for (LocalUser user : banned) {
      jdaGuild.unban(net.dv8tion.jda.api.entities.UserSnowflake.fromId(user.id())).complete();
    }
    assertThat(jdaGuild.retrieveBanList().complete()).extracting(ban -> ban.getUser().getId())
        .doesNotContainAnyElementsOf(banned.stream().map(LocalUser::id).toList());
  }

  @Test
  void theBotCanDirectMessageAUserAndReceiveAnswers() throws InterruptedException {
    LocalUser alice = discord.user("alice");
    jda.openPrivateChannelById(alice.id()).flatMap(dm -> dm.sendMessage("psst")).complete();
    assertThat(discord.messages(alice.directChannel())).extracting(LocalMessage::content).containsExactly("psst");

    alice.sendDirect("what?");
    MessageReceivedEvent received = Events.await(cog.events, MessageReceivedEvent.class,
        e -> !e.isFromGuild() && e.getAuthor().getId().equals(alice.id()), WAIT);
    assertThat(received.getMessage().getContentRaw()).isEqualTo("what?");
  }

  @Test
  void afterAReconnectJdaResumesItsSessionAndKeepsWorking() throws InterruptedException {
    discord.requestReconnect();
    Events.await(cog.events, SessionResumeEvent.class, e -> true, WAIT);

    assertThat(discord.user("alice").invoke(general, "/ping").awaitReply(WAIT).content()).isEqualTo("pong");
    assertThat(discord.sessionCount()).isEqualTo(1);
  }

  @Test
  void actionsAreRecordedWithRouteBodyAndResult() {
    long mark = discord.actions().lastSequence();
    discord.user("alice").invoke(general, "/ping").awaitReply(WAIT);

    RecordedAction callback = discord.actions().awaitAfter(mark,
        a -> a.is("POST", "interactions/{interaction_id}/{interaction_token}/callback"), WAIT);
    assertThat(callback.status()).isEqualTo(200);
    assertThat(callback.body().path("type").asInt()).isEqualTo(4);
    assertThat(callback.body().path("data").path("content").asText()).isEqualTo("pong");
    assertThat(callback.result().path("resource").path("message").path("content").asText()).isEqualTo("pong");
  }

  @Test
  void aChannelDeletedInTheWorldDisconnectsItsMembersAndReachesJda() throws InterruptedException {
    LocalUser carol = discord.user("carol");
    Guild jdaGuild = jda.getGuildById(guild.id());
    String created = jdaGuild.createVoiceChannel("Doomed").complete().getId();
    LocalChannel doomed = discord.awaitChannel(guild, "Doomed", WAIT);
    carol.joinVoice(doomed);
    Events.await(cog.events, GuildVoiceUpdateEvent.class,
        e -> e.getMember().getId().equals(carol.id()) && e.getChannelJoined() != null, WAIT);
    long mark = discord.actions().lastSequence();

    discord.deleteChannel(doomed);

    // Discord disconnects the members first, then deletes the channel.
    GuildVoiceUpdateEvent disconnected = Events.await(cog.events, GuildVoiceUpdateEvent.class,
        e -> e.getMember().getId().equals(carol.id()), WAIT);
    assertThat(disconnected.getChannelJoined()).isNull();
    ChannelDeleteEvent deleted = Events.await(cog.events, ChannelDeleteEvent.class, e -> e.getChannel().getId().equals(created), WAIT);
    assertThat(deleted.getChannel().getName()).isEqualTo("Doomed");
    assertThat(discord.guild().findChannel("Doomed")).isEmpty();
    assertThat(discord.guild().member("carol").voiceChannelId()).isEmpty();
    assertThat(discord.actions().all()).noneMatch(a -> a.sequence() > mark);
    assertThatThrownBy(() -> discord.deleteChannel(doomed))
        .isInstanceOf(LocalDiscordException.class).hasMessageContaining("There is no guild channel Doomed");
  }
}
