package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting for the world: every waiter is woken by the change that makes its own condition hold. */
class LocalDiscordAwaitTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private LocalDiscord discord;
  private LocalChannel general;

  @BeforeEach
  void start() {
    discord = LocalDiscord.start();
    general = discord.guild().channel("general");
  }

  @AfterEach
  void stop() {
    discord.close();
  }

  @Test
  void eachOfManyWaitersGetsTheMessageItWaitsFor() throws Exception {
    List<CompletableFuture<String>> waiters = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String content = "message " + i;
      waiters.add(CompletableFuture.supplyAsync(() -> discord.awaitMessage(general, m -> m.content().equals(content), WAIT).content()));
    }
    LocalUser alice = discord.user("alice");
    for (int i = 7; i >= 0; i--) {
      alice.say(general, "message " + i);
    }

    for (int i = 0; i < 8; i++) {
      assertThat(waiters.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("message " + i);
    }
  }

  @Test
  void aConditionOnStateOutsideTheWorldIsSeenWithoutAChangeToTheWorld() {
    AtomicBoolean flag = new AtomicBoolean();
    CompletableFuture.runAsync(() -> flag.set(true), CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

    assertThat(discord.await("the flag", WAIT, () -> flag.get() ? Optional.of("set") : Optional.empty())).isEqualTo("set");
  }

  @Test
  void aConditionThatFailsAfterAChangeFailsTheWaiter() {
    CompletableFuture.runAsync(() -> discord.user("bob").say(general, "boom"),
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

    assertThatThrownBy(() -> discord.await("no boom", WAIT, () -> {
      if (discord.messages(general).stream().anyMatch(m -> m.content().equals("boom"))) {
        throw new IllegalStateException("a boom in general");
      }
      return Optional.empty();
    })).isInstanceOf(IllegalStateException.class).hasMessage("a boom in general");
  }

  @Test
  void aWaiterThatIsNeverSatisfiedTimesOutNamingWhatItAwaited() {
    assertThatThrownBy(() -> discord.await("a message that never comes", Duration.ofMillis(300), Optional::empty))
        .isInstanceOf(LocalDiscordException.class)
        .hasMessage("Timed out after PT0.3S waiting for a message that never comes");
  }
}
