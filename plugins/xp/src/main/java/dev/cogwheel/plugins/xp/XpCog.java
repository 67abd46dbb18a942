package dev.cogwheel.plugins.xp;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.discord.Members;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Operator;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;

/**
 * XP for chatting: every message in a guild earns {@code xp_per_message} times the multiplier, at most
 * once per cooldown per member, outside ignored channels. Levels follow {@link LevelCurve}; reaching
 * one posts the level-up message and hands out the role rewards up to it. {@code /rank} and
 * {@code /leaderboard} show the standings, {@code /xp config} is for admins.
 *
 * <p>Message XP goes through {@link Table#incrementAsync}, which the storage group-commits: a busy
 * guild costs one statement per batch, not a transaction per message. The cooldown is an ephemeral
 * value with the cooldown as its TTL (see docs/plugins/xp.md for why that is enough).
 */
public final class XpCog implements Cog {

  static final ConfigKey<Integer> XP_PER_MESSAGE = ConfigKey.builder("xp_per_message", ConfigType.INTEGER)
      .defaultValue(20)
      .description("XP a message earns before the multiplier")
      .rule(ConfigRule.between(1, 1000))
      .build();

  static final ConfigKey<Double> MULTIPLIER = ConfigKey.builder("multiplier", ConfigType.DOUBLE)
      .defaultValue(1.0)
      .description("Multiplies message XP (0 turns XP off); settable per channel")
      .rule(ConfigRule.between(0.0, 10.0))
      .build();

  static final ConfigKey<Duration> COOLDOWN = ConfigKey.builder("cooldown", ConfigType.DURATION)
      .defaultValue(Duration.ofSeconds(60))
      .description("How long after earning XP a member's messages earn none")
      .rule(d -> !d.isNegative() && d.compareTo(Duration.ofDays(1)) <= 0, "between 0s and 1d")
      .build();

  static final ConfigKey<List<Long>> IGNORED_CHANNELS = ConfigKey.builder("ignored_channels", ConfigType.LONG_LIST)
      .defaultValue(List.of())
      .description("Channels (#mentions or ids, comma-separated) where messages earn no XP")
      .rule(list -> list.size() <= 100, "at most 100 channels")
      .build();

  static final ConfigKey<Boolean> ANNOUNCE = ConfigKey.builder("announce", ConfigType.BOOLEAN)
      .defaultValue(true)
      .description("Whether to post the level-up message")
      .build();

  static final ConfigKey<Long> LEVELUP_CHANNEL = ConfigKey.builder("levelup_channel", ConfigType.LONG)
      .defaultValue(0L)
      .description("Channel (#mention or id) for level-up messages; 0 for where the member wrote")
      .rule(id -> id >= 0, "a channel id, or 0")
      .build();

  static final ConfigKey<String> LEVELUP_MESSAGE = ConfigKey.builder("levelup_message", ConfigType.STRING)
      .defaultValue("{member} reached level {level}!")
      .description("The level-up message; {member} and {level} are filled in")
      .rule(ConfigRule.maxLength(300))
      .rule(text -> !text.isBlank(), "not blank (set announce to false to post nothing)")
      .build();

  static final ConfigKey<RoleRewards> ROLE_REWARDS = ConfigKey.builder("role_rewards", RoleRewards.TYPE)
      .defaultValue(RoleRewards.NONE)
      .description("Roles for levels, like 5:@Regular, 10:@Veteran (kept when higher levels come)")
      .build();

  /** Rows per leaderboard page. */
  static final int PAGE_SIZE = 10;

  /** Custom ids of the leaderboard's buttons: {@code xp:lb:<page>}. */
  static final String PAGE_BUTTON = "xp:lb:";

  /** A row of xp_members. */
  record MemberXp(long guildId, Pid pid, long xp) {}

  private PluginContext context;
  private ConfigStore config;
  private Table<MemberXp> members;
  private Logger log;

  @Override
  public void start(PluginContext context) {
    this.context = context;
    this.config = context.storage().config();
    this.log = context.logger();
    config.register(XP_PER_MESSAGE, MULTIPLIER, COOLDOWN, IGNORED_CHANNELS, ANNOUNCE, LEVELUP_CHANNEL, LEVELUP_MESSAGE,
        ROLE_REWARDS);
    members = context.storage().table("xp_members", MemberXp.class);

    context.events().subscribe(MessageReceivedEvent.class, this::onMessage);
    context.events().subscribe(ButtonInteractionEvent.class, this::onButton);
    context.commands().register(SlashCommand.builder("rank", "Your level and XP here, or a member's")
        .option(CommandOption.builder("member", OptionType.USER, "Whose rank to show"))
        .guildOnly()
        .handler(this::rank)
        .build());
    context.commands().register(SlashCommand.builder("leaderboard", "The members with the most XP here")
        .option(CommandOption.builder("page", OptionType.INTEGER, "Which page, from 1").range(1, 100_000))
        .guildOnly()
        .handler(this::leaderboard)
        .build());
    context.commands().register(SlashCommand.builder("xp", "XP settings of this server")
        .group(ConfigCommands.group(config))
        .guildOnly()
        .defaultPermissions(Permission.MANAGE_SERVER)
        .build());

    context.storage().userData().register(new UserDataHook() {
      @Override
      public List<UserDataRecord> export(Pid pid) {
        return members.query(Query.where("pid", pid)).stream()
            .map(row -> new UserDataRecord("xp_members", Map.of(
                "guild_id", Long.toString(row.guildId()), "xp", Long.toString(row.xp()),
                "level", Integer.toString(LevelCurve.level(row.xp())))))
            .toList();
      }

      @Override
      public int delete(Pid pid) {
        context.storage().ephemeral().delete(cooldownKey(pid));
        return members.deleteWhere(Query.where("pid", pid));
      }
    });
  }

  private void onMessage(MessageReceivedEvent event) {
    if (!event.isFromGuild() || event.getAuthor().isBot() || event.getAuthor().isSystem() || event.isWebhookMessage()
        || event.getMember() == null) {
      return;
    }
    long guild = event.getGuild().getIdLong();
    long channel = event.getChannel().getIdLong();
    ConfigScope scope = ConfigScope.guild(guild);
    List<Long> ignored = config.get(IGNORED_CHANNELS, scope);
    if (ignored.contains(channel)
        || event.getChannelType().isThread() && ignored.contains(event.getChannel().asThreadChannel().getParentChannel().getIdLong())) {
      return;
    }
    long amount = Math.round(config.get(XP_PER_MESSAGE, scope) * config.get(MULTIPLIER, ConfigScope.channel(guild, channel)));
    if (amount <= 0) {
      return;
    }
    Pid pid = Members.pid(event.getMember(), context.pids());
    Duration cooldown = config.get(COOLDOWN, scope);
    if (!cooldown.isZero() && !context.storage().ephemeral().putIfAbsent(cooldownKey(pid), "1", cooldown)) {
      return;
    }
    Member member = event.getMember();
    MessageChannel where = event.getChannel();
    members.incrementAsync(Key.of(guild, pid), "xp", amount).whenCompleteAsync((xp, failure) -> {
      if (failure != null) {
        log.warn("xp.persist_failed: {}", failure.toString());
        return;
      }
      int level = LevelCurve.level(xp);
      if (level > LevelCurve.level(xp - amount)) {
        levelUp(member, where, level);
      }
    }, context.scheduler().executor());
  }

  private void levelUp(Member member, MessageChannel where, int level) {
    Guild guild = member.getGuild();
    ConfigScope scope = ConfigScope.guild(guild.getIdLong());
    if (config.get(ANNOUNCE, scope)) {
      long configured = config.get(LEVELUP_CHANNEL, scope);
      MessageChannel target = configured == 0 ? where : guild.getChannelById(GuildMessageChannel.class, configured);
      if (target == null) {
        log.warn("xp.levelup_channel_missing: the levelup_channel setting names no text channel; posting where the member wrote");
        target = where;
      }
      String text = config.get(LEVELUP_MESSAGE, scope).replace("{member}", member.getAsMention())
          .replace("{level}", Integer.toString(level));
      // Only the member who levelled up is pinged, whatever the configured message says.
      target.sendMessage(text).mention(member)
          .queue(null, failure -> log.warn("xp.levelup_message_failed: {}", failure.toString()));
    }
    for (Map.Entry<Integer, Long> reward : config.get(ROLE_REWARDS, scope).upTo(level).entrySet()) {
      Role role = guild.getRoleById(reward.getValue());
      if (role == null) {
        log.warn("xp.reward_role_missing level={}: the role of this reward no longer exists", reward.getKey());
      } else if (!member.getRoles().contains(role)) {
        guild.addRoleToMember(member, role).queue(null,
            failure -> log.warn("xp.reward_failed level={}: {}", reward.getKey(), failure.toString()));
      }
    }
  }

  private void rank(CommandContext call) {
    long guild = call.guildId().orElseThrow();
    Optional<Long> target = call.findId("member");
    Pid pid = target.map(id -> context.pids().member(guild, id)).orElse(call.caller());
    String who = target.map(id -> name(call, id)).orElse("You");
    long xp = members.find(Key.of(guild, pid)).map(MemberXp::xp).orElse(0L);
    if (xp == 0) {
      call.reply(who + (target.isPresent() ? " has" : " have") + " no XP here yet: XP comes from chatting.");
      return;
    }
    int level = LevelCurve.level(xp);
    long rank = members.count(Query.where("guild_id", guild).and("xp", Operator.GT, xp)) + 1;
    long ranked = members.count(Query.where("guild_id", guild).and("xp", Operator.GT, 0L));
    StringBuilder text = new StringBuilder().append("**").append(who).append("**: level ").append(level).append(", ")
        .append(xp).append(" XP, rank #").append(rank).append(" of ").append(ranked).append('.');
    if (level < LevelCurve.MAX_LEVEL) {
      text.append(' ').append(LevelCurve.totalXp(level + 1) - xp).append(" XP to level ").append(level + 1).append('.');
    }
    call.reply(text.toString());
  }

  /** A member's name as the interaction resolved it, or a mention when there is no interaction. */
  private static String name(CommandContext call, long userId) {
    return call.interaction().map(i -> i.getOption("member")).map(OptionMapping::getAsMember)
        .map(Member::getEffectiveName).orElse("<@" + userId + ">");
  }

  private void leaderboard(CommandContext call) {
    long guild = call.guildId().orElseThrow();
    int page = Math.toIntExact(call.findInteger("page").orElse(1L));
    Page shown = page(guild, call.interaction().map(i -> i.getGuild()).orElse(null), page);
    if (call.interaction().isPresent() && shown.pages() > 1) {
      call.interaction().get().reply(shown.text()).setComponents(shown.buttons()).complete();
    } else {
      call.reply(shown.text());
    }
  }

  private void onButton(ButtonInteractionEvent event) {
    if (!event.getComponentId().startsWith(PAGE_BUTTON) || event.getGuild() == null) {
      return;
    }
    int page = Integer.parseInt(event.getComponentId().substring(PAGE_BUTTON.length()));
    event.deferEdit().queue();
    Page shown;
    try {
      shown = page(event.getGuild().getIdLong(), event.getGuild(), page);
    } catch (CommandException e) {
      // The leaderboard shrank since the message was posted.
      shown = page(event.getGuild().getIdLong(), event.getGuild(), 1);
    }
    event.getHook().editOriginal(shown.text()).setComponents(shown.buttons())
        .queue(null, failure -> log.warn("xp.leaderboard_update_failed: {}", failure.toString()));
  }

  /** One page of the leaderboard; {@code guild} is null where no Discord guild is at hand (names are then left out). */
  private Page page(long guildId, Guild guild, int page) {
    long ranked = members.count(Query.where("guild_id", guildId).and("xp", Operator.GT, 0L));
    if (ranked == 0) {
      return new Page("Nobody has XP here yet: XP comes from chatting.", 1, 1);
    }
    int pages = Math.toIntExact((ranked + PAGE_SIZE - 1) / PAGE_SIZE);
    if (page > pages) {
      throw new CommandException("The leaderboard has " + pages + (pages == 1 ? " page" : " pages")
          + "; ask for a page from 1 to " + pages + ".");
    }
    List<MemberXp> rows = members.query(Query.where("guild_id", guildId).and("xp", Operator.GT, 0L)
        .orderByDescending("xp").orderBy("pid").limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE));
    Map<Pid, Member> names = guild == null ? Map.of() : names(guild, rows);
    StringBuilder text = new StringBuilder("**Leaderboard** (page ").append(page).append(" of ").append(pages).append(")");
    for (int i = 0; i < rows.size(); i++) {
      MemberXp row = rows.get(i);
      Member member = names.get(row.pid());
      text.append('\n').append((page - 1) * PAGE_SIZE + i + 1).append(". ")
          .append(member == null ? "(not in the server)" : member.getEffectiveName())
          .append(" — level ").append(LevelCurve.level(row.xp())).append(", ").append(row.xp()).append(" XP");
    }
    return new Page(text.toString(), page, pages);
  }

  private Map<Pid, Member> names(Guild guild, List<MemberXp> rows) {
    try {
      return Members.resolve(guild, rows.stream().map(MemberXp::pid).collect(Collectors.toSet()), context.pids())
          .get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (Exception e) {
      log.warn("xp.names_failed: {}", e.toString());
      return Map.of();
    }
  }

  private static String cooldownKey(Pid pid) {
    return "cooldown:" + pid.value();
  }

  /** A rendered leaderboard page and where it is among the pages. */
  private record Page(String text, int page, int pages) {
    ActionRow buttons() {
      return ActionRow.of(
          Button.secondary(PAGE_BUTTON + (page - 1), "Previous").withDisabled(page <= 1),
          Button.secondary(PAGE_BUTTON + (page + 1), "Next").withDisabled(page >= pages));
    }
  }
}
