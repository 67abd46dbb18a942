/**
 * Durable, versioned live state of a plugin: what it must read back after a restart, such as a
 * temporary voice channel's owner and members.
 */
package dev.cogwheel.storage.state;
