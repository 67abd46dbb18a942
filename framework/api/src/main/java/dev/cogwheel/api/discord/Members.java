package dev.cogwheel.api.discord;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.PidDeriver;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;

/**
 * Finds the members behind Pids. Cogs store Pids, never Discord user ids (docs/storage.md); when a
 * cog must show or act on the people it stored (a leaderboard's names, a role for an accepted
 * applicant), it derives the Pid of each of the guild's members and matches. The mapping lives
 * only in memory, for the moment it is needed.
 *
 * <pre>{@code
 * Map<Pid, Member> names = Members.resolve(guild, topTen, context.pids()).get(10, TimeUnit.SECONDS);
 * }</pre>
 */
public final class Members {

  private Members() {}

  /**
   * The members of a guild with the given Pids: those in JDA's member cache at once, the others
   * after loading the guild's member list from Discord (the bot's {@code GUILD_MEMBERS} intent,
   * which Cogwheel asks for by default). Pids of people who are no longer members are absent from
   * the result.
   *
   * @param guild the guild
   * @param pids the Pids wanted
   * @param deriver the plugin's Pid deriver ({@code context.pids()})
   * @return the members found, by Pid
   */
  public static CompletableFuture<Map<Pid, Member>> resolve(Guild guild, Collection<Pid> pids, PidDeriver deriver) {
    Set<Pid> wanted = new HashSet<>(pids);
    Map<Pid, Member> cached = match(guild, guild.getMemberCache().asList(), wanted, deriver);
    if (cached.size() == wanted.size()) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletableFuture<Map<Pid, Member>> result = new CompletableFuture<>();
    guild.loadMembers()
        .onSuccess(members -> result.complete(match(guild, members, wanted, deriver)))
        .onError(result::completeExceptionally);
    return result;
  }

  /**
   * Whether a member is the one with the given Pid.
   *
   * @param member the member
   * @param pid the Pid
   * @param deriver the plugin's Pid deriver
   * @return true if the member's Pid in its guild is {@code pid}
   */
  public static boolean is(Member member, Pid pid, PidDeriver deriver) {
    return pid(member, deriver).equals(pid);
  }

  /**
   * The Pid of a member in its guild.
   *
   * @param member the member
   * @param deriver the plugin's Pid deriver
   * @return its Pid
   */
  public static Pid pid(Member member, PidDeriver deriver) {
    return deriver.member(member.getGuild().getIdLong(), member.getIdLong());
  }

  private static Map<Pid, Member> match(Guild guild, List<Member> members, Set<Pid> wanted, PidDeriver deriver) {
    Map<Pid, Member> found = new HashMap<>();
    for (Member member : members) {
      Pid pid = deriver.member(guild.getIdLong(), member.getIdLong());
      if (wanted.contains(pid)) {
        found.put(pid, member);
      }
    }
    return found;
  }
}
