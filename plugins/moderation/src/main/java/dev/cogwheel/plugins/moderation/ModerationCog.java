package dev.cogwheel.plugins.moderation;

import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;

/**
 * Moderation: {@code /warn}, {@code /timeout}, {@code /kick} and {@code /tempban} act through JDA
 * and record a numbered case per guild (member and moderator by Pid); {@code /cases} lists a
 * member's cases and {@code /case reason} corrects one. A tempban's unban is a durable timer, so it
 * happens on time even across a restart; at that time the banned user is found by matching Pids
 * against the guild's ban list, as the cog never stores a Discord user id. This class wires the
 * parts together; docs/plugins/moderation.md describes the cog for admins.
 */
public final class ModerationCog implements Cog {

  @Override
  public void start(PluginContext context) {
    ModerationSettings settings = new ModerationSettings(context.storage().config());
    settings.register();
    CaseStore cases = new CaseStore(context.storage());
    ModLog modLog = new ModLog(settings, context.logger());
    Tempbans tempbans = new Tempbans(context, cases, modLog);
    MemberActions members = new MemberActions(settings, context.logger());

    new ActionCommands(context.pids(), context.logger(), settings, cases, tempbans, members, modLog).commands()
        .forEach(context.commands()::register);
    new CaseCommands(context.pids(), context.logger(), cases, modLog).commands().forEach(context.commands()::register);
    context.commands().register(ConfigCommands.command("moderation", "Moderation settings of this server", context.storage().config()));
    context.storage().userData().register(new ModerationUserData(cases));
  }
}
