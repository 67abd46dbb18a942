package dev.cogwheel.plugins.moderation;

import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandArbitraries;
import dev.cogwheel.testkit.CommandArbitraries.Invocation;
import java.io.IOException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Every command of the cog, with generated options, answers without an error or a leak. */
class ModerationPropertiesTest {

  static CogwheelExtension.Running cogwheel;

  @BeforeContainer
  static void start() throws IOException {
    cogwheel = CogwheelExtension.forThisModule().start("ModerationPropertiesTest");
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

  @Provide
  Arbitrary<Invocation> invocations() {
    return CommandArbitraries.invocations(cogwheel.host());
  }
}
