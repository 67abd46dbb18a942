package dev.cogwheel.localdiscord;

/**
 * An error the local Discord answers a REST call with, shaped as Discord's JSON error: the HTTP
 * status, Discord's error code and its message (for instance 404, 10003, "Unknown Channel").
 */
final class DiscordError extends LocalDiscordException {

  private static final long serialVersionUID = 1L;

  final int status;
  final int code;

  DiscordError(int status, int code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static DiscordError unknown(String what, int code) {
    return new DiscordError(404, code, "Unknown " + what);
  }
}
