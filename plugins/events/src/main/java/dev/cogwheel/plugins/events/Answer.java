package dev.cogwheel.plugins.events;

/** A member's answer to an event, with the label of its button. */
enum Answer {
  GOING("Going"), MAYBE("Maybe"), NOT_GOING("Not going");

  final String label;

  Answer(String label) {
    this.label = label;
  }
}
