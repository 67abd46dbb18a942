package dev.cogwheel.plugins.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cogwheel.plugins.economy.Ledger.Balance;
import dev.cogwheel.plugins.economy.Ledger.Kind;
import dev.cogwheel.plugins.economy.Ledger.Transfer;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandCall;
import dev.cogwheel.testkit.CommandOutcome;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EconomyCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final long ADMIN = 1;
  static final long ALICE = 2;
  static final long BOB = 3;

  private static CommandCall command(long guild, long user, String name) {
    return cogwheel.host().command(name).in(guild, TestHost.CHANNEL).by(user);
  }

  private static CommandReply grant(long guild, long user, long amount) {
    return command(guild, ADMIN, "economy").subcommand("grant").option("member", user).option("amount", amount).run();
  }

  private static Table<Balance> balances() {
    return cogwheel.host().storage().table(Ledger.BALANCES, Balance.class);
  }

  private static List<Transfer> transfers(long guild) {
    return cogwheel.host().storage().table(Ledger.TRANSFERS, Transfer.class)
        .query(Query.where("guild_id", guild).orderBy("created_at"));
  }

  private static long balance(long guild, long user) {
    return balances().find(Key.of(guild, cogwheel.host().pid(guild, user))).map(Balance::balance).orElse(0L);
  }

  @Test
  void aGrantAndAPaymentMoveMoneyAndAreAudited() {
    long guild = 101;
    TestHost host = cogwheel.host();

    assertThat(command(guild, ALICE, "balance").run().text()).isEqualTo("You have 0 coins.");
    assertThat(grant(guild, ALICE, 100).text()).isEqualTo("Granted **<@2>** 100 coins; they have 100 coins.");
    CommandReply paid = command(guild, ALICE, "pay").option("member", BOB).option("amount", 30).option("note", "lunch").run();
    assertThat(paid.text()).isEqualTo("You paid **<@3>** 30 coins. You have 70 coins left.");
    assertThat(command(guild, ALICE, "balance").option("member", BOB).run().text()).isEqualTo("**<@3>** has 30 coins.");

    Pid admin = host.pid(guild, ADMIN);
    Pid alice = host.pid(guild, ALICE);
    Pid bob = host.pid(guild, BOB);
    assertThat(transfers(guild)).extracting(Transfer::kind, Transfer::fromPid, Transfer::toPid, Transfer::actorPid,
            Transfer::amount, Transfer::note)
        .containsExactly(
            tuple(Kind.GRANT, null, alice, admin, 100L, null),
            tuple(Kind.PAY, alice, bob, alice, 30L, "lunch"));
  }

  @Test
  void payingMoreThanTheBalanceIsRefusedAndStoresNothing() {
    long guild = 102;
    grant(guild, ALICE, 20);

    CommandReply refused = command(guild, ALICE, "pay").option("member", BOB).option("amount", 21).run();
    assertThat(refused.ephemeral()).isTrue();
    assertThat(refused.text()).isEqualTo("You have only 20 coins; you cannot pay 21.");
    assertThat(balance(guild, ALICE)).isEqualTo(20);
    assertThat(balances().find(Key.of(guild, cogwheel.host().pid(guild, BOB)))).isEmpty();
    assertThat(transfers(guild)).extracting(Transfer::kind).containsExactly(Kind.GRANT);
  }

  @Test
  void nobodyPaysThemselvesOrLessThanOne() {
    long guild = 103;
    grant(guild, ALICE, 20);

    assertThat(command(guild, ALICE, "pay").option("member", ALICE).option("amount", 5).run().text())
        .isEqualTo("You cannot pay yourself: name another member.");
    CommandReply zero = command(guild, ALICE, "pay").option("member", BOB).option("amount", 0).run();
    assertThat(zero.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(zero.text()).startsWith("Option amount must be at least 1");
    assertThat(balance(guild, ALICE)).isEqualTo(20);
  }

  @Test
  void theDailyIsGivenOncePerCooldownAndTheCooldownIsInTheTable() {
    long guild = 104;
    TestHost host = cogwheel.host();

    assertThat(command(guild, ALICE, "daily").run().text())
        .isEqualTo("You got your daily 100 coins. You have 100 coins; the next daily is due in 1d.");
    CommandReply again = command(guild, ALICE, "daily").run();
    assertThat(again.ephemeral()).isTrue();
    assertThat(again.text()).startsWith("You already took your daily; the next one is due in ");
    assertThat(balance(guild, ALICE)).isEqualTo(100);

    Key key = Key.of(guild, host.pid(guild, ALICE));
    Balance row = balances().find(key).orElseThrow();
    balances().update(new Balance(guild, row.pid(), row.balance(), row.lastDaily().minus(Duration.ofHours(25))));
    assertThat(command(guild, ALICE, "daily").run().text()).startsWith("You got your daily 100 coins. You have 200 coins");
    assertThat(transfers(guild)).extracting(Transfer::kind).containsExactly(Kind.DAILY, Kind.DAILY);
  }

  @Test
  void aDailyCooldownOutsideItsRangeIsRefused() {
    CommandReply reply = command(105, ADMIN, "economy").group("config").subcommand("set")
        .option("key", "daily_cooldown").option("value", "30s").run();

    assertThat(reply.text()).isEqualTo("Config key 'daily_cooldown' must be between 1m and 7d; got PT30S.");
  }

  @Test
  void aFineTakesAtMostTheBalance() {
    long guild = 106;
    grant(guild, BOB, 50);

    CommandReply tooMuch = command(guild, ADMIN, "economy").subcommand("fine").option("member", BOB).option("amount", 51).run();
    assertThat(tooMuch.text()).isEqualTo("**<@3>** has only 50 coins; fine at most 50.");
    CommandReply fined = command(guild, ADMIN, "economy").subcommand("fine").option("member", BOB).option("amount", 20)
        .option("reason", "spam").run();
    assertThat(fined.text()).isEqualTo("Fined **<@3>** 20 coins; they have 30 coins left.");
    assertThat(transfers(guild)).last().satisfies(t -> {
      assertThat(t.kind()).isEqualTo(Kind.FINE);
      assertThat(t.toPid()).isNull();
      assertThat(t.note()).isEqualTo("spam");
    });
  }

  @Test
  void theCurrencyNameIsTheGuilds() {
    long guild = 107;
    command(guild, ADMIN, "economy").group("config").subcommand("set").option("key", "currency").option("value", "gems").run();

    assertThat(grant(guild, ALICE, 5).text()).isEqualTo("Granted **<@2>** 5 gems; they have 5 gems.");
  }

  @Test
  void exportShowsOnesOwnPartAndForgetKeepsTheOtherPartysRecord() {
    long guild = 108;
    TestHost host = cogwheel.host();
    grant(guild, ALICE, 40);
    command(guild, ALICE, "pay").option("member", BOB).option("amount", 15).option("note", "books").run();
    Pid alice = host.pid(guild, ALICE);
    Pid bob = host.pid(guild, BOB);

    assertThat(host.storage().userData().export(alice).records()).extracting(r -> r.fields().get("kind"), r -> r.fields().get("role"))
        .contains(tuple(null, null), tuple("grant", "receiver"),
            tuple("pay", "sender"));
    assertThat(host.storage().userData().delete(alice)).isEqualTo(3);

    assertThat(host.storage().userData().export(alice).records()).isEmpty();
    assertThat(balance(guild, ALICE)).isZero();
    assertThat(transfers(guild)).extracting(Transfer::fromPid, Transfer::toPid)
        .containsExactly(tuple(null, null), tuple(null, bob));
    assertThat(host.storage().userData().export(bob).records()).extracting(r -> r.fields().get("role"))
        .contains("receiver");
  }

  @Test
  void aHundredConcurrentPaymentsBetweenTwoMembersConserveTheTotalAndNeverGoNegative() throws Exception {
    long guild = 109;
    grant(guild, ALICE, 100);
    grant(guild, BOB, 100);
    List<Thread> threads = new ArrayList<>();
    Map<Integer, CommandReply> replies = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 100; i++) {
      int n = i;
      // Three of four from alice to bob: alice runs out, and later payments of hers must be refused.
      long from = n % 4 != 0 ? ALICE : BOB;
      long to = n % 4 != 0 ? BOB : ALICE;
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        replies.put(n, command(guild, from, "pay").option("member", to).option("amount", 7 + n % 5 * 11).run());
      });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join(Duration.ofMinutes(2).toMillis());
    }

    assertThat(replies).hasSize(100);
    long aliceNet = 0;
    int paid = 0;
    for (Map.Entry<Integer, CommandReply> entry : replies.entrySet()) {
      CommandReply reply = entry.getValue();
      assertThat(reply.text()).as("payment %d", entry.getKey()).matches("You paid .*|You have only \\d+ coins; you cannot pay \\d+\\.");
      if (reply.text().startsWith("You paid")) {
        paid++;
        long amount = 7 + entry.getKey() % 5 * 11;
        aliceNet += entry.getKey() % 4 != 0 ? -amount : amount;
      }
    }
    assertThat(balance(guild, ALICE)).isEqualTo(100 + aliceNet).isNotNegative();
    assertThat(balance(guild, BOB)).isEqualTo(100 - aliceNet).isNotNegative();
    assertThat(balance(guild, ALICE) + balance(guild, BOB)).isEqualTo(200);
    Map<Kind, Long> audited = transfers(guild).stream().collect(Collectors.groupingBy(Transfer::kind, Collectors.counting()));
    assertThat(audited).containsEntry(Kind.PAY, (long) paid).containsEntry(Kind.GRANT, 2L);
    assertThat(paid).isBetween(1, 99);
  }

  @Test
  void aHundredTransfersRacingOnTheLedgerItselfStayConsistent() throws Exception {
    long guild = 110;
    Ledger ledger = new Ledger(cogwheel.host().storage());
    Pid alice = cogwheel.host().pid(guild, ALICE);
    Pid bob = cogwheel.host().pid(guild, BOB);
    ledger.move(guild, Kind.GRANT, null, alice, alice, 50, null);
    // More threads than the test database's pool has connections; far more than the host's few per cog.
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      boolean forth = i % 3 != 0;  // two of three from alice to bob, the rest back
      results.add(pool.submit(() -> {
        go.await();
        try {
          ledger.move(guild, Kind.PAY, forth ? alice : bob, forth ? bob : alice, forth ? alice : bob, 9, null);
          return true;
        } catch (Ledger.InsufficientFunds e) {
          return false;
        }
      }));
    }
    go.countDown();
    int done = 0;
    long aliceNet = 0;
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).get(2, TimeUnit.MINUTES)) {
        done++;
        aliceNet += i % 3 != 0 ? -9 : 9;
      }
    }
    pool.shutdown();

    assertThat(ledger.balance(guild, alice)).isEqualTo(50 + aliceNet).isNotNegative();
    assertThat(ledger.balance(guild, bob)).isEqualTo(-aliceNet).isNotNegative();
    assertThat(ledger.balance(guild, alice) + ledger.balance(guild, bob)).isEqualTo(50);
    assertThat(transfers(guild)).filteredOn(t -> t.kind() == Kind.PAY).hasSize(done);
  }
}
