package dev.cogwheel.api.command;

import java.util.List;

/**
 * Suggests values while the user types an option marked {@link CommandOption.Builder#autocomplete}.
 * Runs on the plugin's threads; Discord shows at most 25 suggestions and waits at most 3 seconds, so
 * answer fast (from a cache or an indexed query). An exception shows no suggestions and is logged.
 */
@FunctionalInterface
public interface AutocompleteHandler {

  /**
   * Suggests values.
   *
   * @param context what the user typed, where and who
   * @return the suggestions, best first; more than 25 are cut
   * @throws Exception if no suggestions can be made
   */
  List<OptionChoice> suggest(AutocompleteContext context) throws Exception;
}
