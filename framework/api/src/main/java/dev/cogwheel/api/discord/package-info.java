/** Helpers for cogs that act on Discord entities without storing Discord user ids. */
package dev.cogwheel.api.discord;
