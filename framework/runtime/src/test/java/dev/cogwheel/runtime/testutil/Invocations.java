package dev.cogwheel.runtime.testutil;

import dev.cogwheel.runtime.command.CommandInvocation;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Invocations as a guild member would send them. */
public final class Invocations {

  public static final long GUILD = 1_100_000_000_000_000_001L;
  public static final long CHANNEL = 1_100_000_000_000_000_002L;
  public static final long USER = 1_100_000_000_000_000_003L;

  private Invocations() {}

  public static CommandInvocation command(String name) {
    return command(name, Map.of());
  }

  public static CommandInvocation command(String name, Map<String, Object> options) {
    return new CommandInvocation(name, Optional.empty(), Optional.empty(), options, OptionalLong.of(GUILD), CHANNEL, USER, false, Optional.empty());
  }
}
