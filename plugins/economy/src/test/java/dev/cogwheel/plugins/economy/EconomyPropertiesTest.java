package dev.cogwheel.plugins.economy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.table.Query;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandArbitraries;
import dev.cogwheel.testkit.CommandArbitraries.Invocation;
import dev.cogwheel.testkit.TestHost;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Every command of the cog, with generated options, answers without an error or a leak; payments conserve money. */
class EconomyPropertiesTest {

  static CogwheelExtension.Running cogwheel;

  @BeforeContainer
  static void start() throws IOException {
    cogwheel = CogwheelExtension.forThisModule().start("EconomyPropertiesTest");
  }

  @AfterContainer
  static void stop() throws IOException {
    if (cogwheel != null) {
      cogwheel.close();
    }
  }

  @Property(seed = "20261207")
  void everyCommandAnswersCleanly(@ForAll("invocations") Invocation call) {
    CommandArbitraries.assertAnsweredCleanly(call, call.run(cogwheel.host()));
  }

  @Property(seed = "20261207")
  void paymentsNeitherMakeNorDestroyMoneyNorOverdrawAnyone(@ForAll("payments") List<Invocation> payments) {
    TestHost host = cogwheel.host();
    for (long member : CommandArbitraries.MEMBERS) {
      host.command("economy").subcommand("grant").in(TestHost.GUILD, TestHost.CHANNEL).by(TestHost.USER)
          .option("member", member).option("amount", 25L).run();
    }
    long before = total();

    for (Invocation payment : payments) {
      CommandArbitraries.assertAnsweredCleanly(payment, payment.run(host));
    }

    assertThat(total()).as("money in the guild after %s", payments).isEqualTo(before);
    assertThat(balances()).allSatisfy(balance -> assertThat(balance.balance()).isNotNegative());
  }

  private static List<Ledger.Balance> balances() {
    return cogwheel.host().storage().table(Ledger.BALANCES, Ledger.Balance.class).query(Query.where("guild_id", TestHost.GUILD));
  }

  private static long total() {
    return balances().stream().mapToLong(Ledger.Balance::balance).sum();
  }

  @Provide
  Arbitrary<List<Invocation>> payments() {
    return CommandArbitraries.invocations(cogwheel.host(), "pay").list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<Invocation> invocations() {
    return CommandArbitraries.invocations(cogwheel.host());
  }
}
